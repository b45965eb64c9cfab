import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { prEvent, testBed } from '@terrarium/lifecycle/testing';
import { describe, expect, it } from 'vitest';
import { configureBackend } from './configure-backend.js';
import { backendSummary } from './run-summary.js';

describe('configureBackend', () => {
  it('names the pull request instance, creates only its state container, and writes the file in outDir', async () => {
    const bed = testBed();
    const outDir = await mkdtemp(join(tmpdir(), 'configure-backend-unit-'));
    const result = await configureBackend(bed.deps, {
      catalog: bed.catalog,
      environment: 'feat',
      event: prEvent(7),
      bootstrap: true,
      outDir,
    });
    expect(result.target.envId).toBe('feat-pr-7');
    expect(result.containerCreated).toBe(true);
    expect(relative(outDir, dirname(result.backendConfigFile)).startsWith('..')).toBe(false);
    expect(result.terraformEnv).toEqual({ ARM_ACCESS_KEY: 'secret-key' });
    // A plain terraform run takes its own lease and keeps no record: nothing else is touched.
    expect(bed.journal.calls).toEqual(['state.ensureStateContainer', 'state.writeBackendConfig']);
    const summary = backendSummary(result);
    expect(summary).toContain('| State key | feat/pr-7/terraform.tfstate |');
    expect(summary).toContain(`terraform init -backend-config=${result.backendConfigFile}`);
    expect(summary).not.toContain('secret-key');
  });

  it('leaves the container alone without bootstrap', async () => {
    const bed = testBed();
    const result = await configureBackend(bed.deps, {
      catalog: bed.catalog,
      environment: 'dev',
      bootstrap: false,
      outDir: tmpdir(),
    });
    expect(result).toMatchObject({ containerCreated: false, target: { stateKey: 'dev/terraform.tfstate' } });
    expect(bed.journal.calls).toEqual(['state.writeBackendConfig']);
  });

  it('refuses a working directory that is not there before it touches storage', async () => {
    const bed = testBed();
    await expect(
      configureBackend(bed.deps, {
        catalog: bed.catalog,
        environment: 'dev',
        workingDirectory: join(tmpdir(), 'no-such-module-dir'),
        bootstrap: true,
        outDir: tmpdir(),
      }),
    ).rejects.toThrow(/input "working-directory" is ".*no-such-module-dir", which is not a directory/);
    expect(bed.journal.calls).toEqual([]);
  });
});
