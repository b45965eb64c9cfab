import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePath, runBundle } from '../harness/run-bundle.js';
import { uniqueContainer } from '../harness/target-factory.js';
import { pullRequestPayload } from '../harness/webhook-payloads.js';
import {
  type ResilienceBed,
  runStep,
  snapshotContainer,
  startResilienceBed,
  writeCatalog,
} from './resilience-bed.js';

let bed: ResilienceBed;
beforeAll(async () => {
  bed = await startResilienceBed();
});
afterAll(async () => {
  await bed?.stop();
});

describe('bad input to the bundled actions and the CLI', () => {
  it('ends each mistake in a clear message, a non-zero exit and nothing changed in storage', async () => {
    const container = uniqueContainer('badin');
    const catalog = writeCatalog(bed.accountName, container);
    const service = bed.directService();
    const event = { name: 'pull_request', payload: pullRequestPayload('opened', { number: 5 }) };
    // A real environment first, so "nothing changed" is about a container with states, records and leases in it.
    const seeded = await runStep(bed, 'provision-env', {
      inputs: {
        config: catalog.file,
        environment: 'feat',
        'lock-timeout': '5s',
        comment: 'false',
        deployment: 'false',
      },
      event,
      runId: '5001',
    });
    expect(seeded.code, seeded.stdout.slice(-2000)).toBe(0);
    await runStep(bed, 'provision-env', {
      inputs: { config: catalog.file, environment: 'stg', confirm: 'stg', 'lock-timeout': '5s' },
      event: { name: 'workflow_dispatch', payload: {} },
      runId: '5002',
    });
    const before = await snapshotContainer(service, container);
    expect(before.length).toBeGreaterThanOrEqual(4);

    const broken = join(dirname(catalog.file), 'broken.yaml');
    writeFileSync(broken, 'version: 1\nbackend:\n  storage-account: [oops\n');
    const canary = join(dirname(catalog.file), 'pwned');
    const base = { config: catalog.file, 'lock-timeout': '5s', comment: 'false', deployment: 'false' };
    const cases: { name: string; inputs: Record<string, string>; message: RegExp; reason: string }[] = [
      {
        name: 'a broken catalog',
        inputs: { ...base, config: broken, environment: 'feat' },
        message: /broken\.yaml:\d+:\d+: invalid YAML/,
        reason: 'config-error',
      },
      {
        name: 'a missing catalog',
        inputs: { ...base, config: 'nowhere.yaml', environment: 'feat' },
        message: /nowhere\.yaml/,
        reason: 'config-error',
      },
      {
        name: 'an unknown environment',
        inputs: { ...base, environment: 'staging' },
        message: /staging.*stg/,
        reason: 'config-error',
      },
      {
        name: 'invalid vars',
        inputs: { ...base, environment: 'feat', vars: '{"app_sku": B2}' },
        message: /vars.*not valid JSON/,
        reason: 'config-error',
      },
      {
        name: 'vars that override identity',
        inputs: { ...base, environment: 'feat', vars: '{"environment_id":"prod"}' },
        message: /environment_id/,
        reason: 'config-error',
      },
      {
        name: 'a hostile instance',
        inputs: { ...base, environment: 'feat', instance: `$(touch ${canary})` },
        message: /instance/,
        reason: 'config-error',
      },
      {
        name: 'a path instance',
        inputs: { ...base, environment: 'feat', instance: '../stg' },
        message: /path separator/,
        reason: 'config-error',
      },
      {
        name: 'a bad lock timeout',
        inputs: { ...base, environment: 'feat', 'lock-timeout': 'forever' },
        message: /lock-timeout/,
        reason: 'config-error',
      },
      {
        name: 'a bad boolean',
        inputs: { ...base, environment: 'feat', 'plan-only': 'yes please' },
        message: /plan-only.*true or false/,
        reason: 'config-error',
      },
      {
        name: 'stg without confirm',
        inputs: { ...base, environment: 'stg', vars: '{"app_sku":"P3v3"}' },
        message: /confirm.*stg/,
        reason: 'confirmation-required',
      },
      {
        name: 'prod without a reviewed plan',
        inputs: { ...base, environment: 'prod', confirm: 'PRODUCTION' },
        message: /plan-hash/,
        reason: 'confirmation-required',
      },
    ];
    const results = await Promise.all(
      cases.map((entry, index) =>
        runStep(bed, 'provision-env', { inputs: entry.inputs, event, runId: String(6000 + index) }).then(
          (run) => ({ entry, run }),
        ),
      ),
    );
    for (const { entry, run } of results) {
      expect(run.code, entry.name).not.toBe(0);
      const error = run.stdout.split('\n').find((line) => line.startsWith('::error::')) ?? '';
      expect(error, entry.name).toMatch(entry.message);
      expect(run.outputs['failure-reason'], entry.name).toBe(entry.reason);
      // A user's mistake is said plainly, without a stack.
      expect(error, entry.name).not.toMatch(/\bat .*\.js:\d+/);
    }
    // teardown-env: a long-lived environment, and a sweep with a bad concurrency.
    const teardowns = await Promise.all([
      runStep(bed, 'teardown-env', { inputs: { ...base, environment: 'stg' }, event, runId: '7001' }),
      runStep(bed, 'teardown-env', {
        inputs: { ...base, environment: 'stg', 'allow-long-lived': 'true', confirm: 'STG' },
        event,
        runId: '7002',
      }),
      runStep(bed, 'teardown-env', {
        inputs: { ...base, mode: 'sweep', concurrency: '0' },
        event,
        runId: '7003',
      }),
      runStep(bed, 'teardown-env', { inputs: { ...base, mode: 'everything' }, event, runId: '7004' }),
    ]);
    for (const run of teardowns) {
      expect(run.code).not.toBe(0);
      expect(run.stdout).toMatch(/::error::/);
    }
    // The CLI: usage and configuration mistakes exit 2.
    const cli = bundlePath('packages/cli');
    const env = { AZURE_STORAGE_CONNECTION_STRING: bed.connectionString, ...bed.nodeEnv, HOME: '/tmp' };
    for (const args of [
      ['status', '--config', broken],
      ['backup', 'staging', '--config', catalog.file],
      ['backup', 'feat', '--instance', '../stg', '--config', catalog.file],
      ['restore', 'feat', 'backups/stg/x.tfstate', '--instance', 'pr-5', '--config', catalog.file, '--yes'],
      ['unlock', 'feat', '--instance', `$(touch ${canary})`, '--config', catalog.file],
      ['status', '--no-such-flag'],
    ]) {
      const run = await runBundle(cli, args, { cwd: dirname(catalog.file), env });
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.length, args.join(' ')).toBeGreaterThan(0);
    }
    expect(existsSync(canary)).toBe(false);
    expect(await snapshotContainer(service, container)).toEqual(before);
  });
});
