import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // On CI, also a JSON report, from which .ci/run prints one plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.terrarium/vitest-results.json' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'actions/*/src/**/*.test.ts'],
          testTimeout: 20_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          // End-to-end suites start Azurite and terraform; two cores cannot run many at once.
          maxWorkers: 2,
          // Different worker limits need their own group: unit tests first, then end-to-end.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
