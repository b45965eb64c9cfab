#!/usr/bin/env node
// Prints vitest's JSON report as one plain closing line: "N passed, N failed, N skipped".
// A skipped test is a defect on CI (a failing beforeAll skips its tests): any skip fails the run.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.terrarium/vitest-results.json';
const report = JSON.parse(readFileSync(file, 'utf8'));
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
if (skipped > 0) console.error('error: tests were skipped; every test must run on CI');
process.exit(report.numFailedTests === 0 && skipped === 0 && report.numTotalTests > 0 ? 0 : 1);
