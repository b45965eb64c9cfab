import { existsSync } from 'node:fs';
import { ConfigurationError } from '@terrarium/core';
import { prEvent, testBed } from '@terrarium/lifecycle/testing';
import { describe, expect, it } from 'vitest';
import { failureContextOf, failureReasonOf } from './failure.js';
import { StateLockedError } from './ports.js';
import { provisionEnvironment } from './provision.js';

const base = { lockTimeoutMs: 60_000, pollIntervalMs: 5_000 };

async function reasonOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return { reason: failureReasonOf(error), error: error as Error };
  }
  throw new Error('expected a failure');
}

describe('provisionEnvironment', () => {
  it('brings a pull request environment up: record, plan, apply, outputs, deployment, comment', async () => {
    const bed = testBed();
    const result = await provisionEnvironment(bed.deps, {
      ...base,
      catalog: bed.catalog,
      environment: 'feat',
      event: prEvent(42),
      run: { id: '5001', url: 'https://github.test/run/5001' },
    });
    expect(result.outcome).toBe('applied');
    expect(result.target.envId).toBe('feat-pr-42');
    expect(result.target.stateKey).toBe('feat/pr-42/terraform.tfstate');
    expect(result.url).toBe('https://env.example.test');
    expect(result.outputs).toEqual({ environment_url: 'https://env.example.test' });
    expect(result.plan.add).toBe(2);
    expect(result.planHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(bed.journal.calls).toEqual([
      'state.ensureContainer',
      'state.renewState',
      'state.writeRecord:provisioning',
      'github.deployment:provisioning',
      'github.comment:provisioning',
      'state.writeBackendConfig',
      'terraform.init',
      'terraform.plan',
      'terraform.apply',
      'state.renewState',
      'state.writeRecord:ready',
      'github.deployment:ready',
      'github.comment:ready',
    ]);
    const record = [...bed.state.records.values()][0];
    expect(record).toMatchObject({
      status: 'ready',
      url: 'https://env.example.test',
      lastRunId: '5001',
      pullRequest: 42,
    });
    expect(JSON.stringify(record)).not.toContain('hunter2');
    // The run's files and terraform's data directory are gone when the run ends.
    expect(existsSync(bed.terraform.workspaces[0]?.dataDir as string)).toBe(false);
  });

  it('hands terraform the catalog variables, the vars input, merged scaling and the identity variables', async () => {
    const bed = testBed();
    await provisionEnvironment(bed.deps, {
      ...base,
      catalog: bed.catalog,
      environment: 'perf',
      event: { eventName: 'schedule', runId: '9876543210' },
      vars: '{"app_sku": "P1v3", "scaling": {"vus": 50}}',
    });
    expect(bed.terraform.variables).toMatchObject({
      app_sku: 'P1v3',
      scaling: { instances: 2, vus: 50 },
      environment: 'perf',
      environment_id: 'perf-run-9876543210',
      instance: 'run-9876543210',
      expires_at: '2026-11-22T06:00:00Z',
    });
    // The run id differs on every run; on every resource it would make every plan a change.
    expect(bed.terraform.variables.tags).toMatchObject({ 'terrarium-env-id': 'perf-run-9876543210' });
    expect(bed.terraform.variables.tags).not.toHaveProperty('terrarium-run-id');
    expect(bed.terraform.workspaces[0]?.env).toEqual({ ARM_ACCESS_KEY: 'secret-key' });
  });

  it('updates the same environment, record and comment on a new push, skipping apply when nothing changed', async () => {
    const bed = testBed();
    const request = { ...base, catalog: bed.catalog, environment: 'feat', event: prEvent(7) };
    const first = await provisionEnvironment(bed.deps, request);
    bed.journal.calls.length = 0;
    const second = await provisionEnvironment(bed.deps, {
      ...request,
      event: { ...prEvent(7), commit: 'abc1234' },
    });
    expect(second.target.stateKey).toBe(first.target.stateKey);
    expect(second.outcome).toBe('unchanged');
    expect(bed.journal.calls).not.toContain('terraform.apply');
    expect(bed.state.records.size).toBe(1);
    expect([...bed.github.comments.keys()]).toEqual([7]);
  });

  it.each([
    ['{"app_sku": }', /`vars` input is not valid JSON at line 1, column 13/],
    ['{\n  "a": 1,\n  "b" 2\n}', /line 3, column 7/],
    ['[1, 2]', /must be a JSON object.*line 1, column 1.*an array/],
    ['  "text"', /line 1, column 3.*a string/],
    ['{"environment_id": "mine"}', /sets "environment_id", which Terrarium derives/],
    ['{"scaling": 3}', /"scaling" must be an object/],
  ])('refuses vars %j with a message that locates the mistake', async (vars, message) => {
    const bed = testBed();
    const { reason, error } = await reasonOf(
      provisionEnvironment(bed.deps, {
        ...base,
        catalog: bed.catalog,
        environment: 'feat',
        event: prEvent(1),
        vars,
      }),
    );
    expect(reason).toBe('config-error');
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(message);
    expect(bed.journal.calls).toEqual([]);
  });

  it('names an unknown environment as a configuration error', async () => {
    const bed = testBed();
    const { reason, error } = await reasonOf(
      provisionEnvironment(bed.deps, { ...base, catalog: bed.catalog, environment: 'staging' }),
    );
    expect(reason).toBe('config-error');
    expect(error.message).toMatch(/staging/);
  });

  it('refuses stg without the confirmation before any state or terraform is touched', async () => {
    const bed = testBed();
    const { reason, error } = await reasonOf(
      provisionEnvironment(bed.deps, { ...base, catalog: bed.catalog, environment: 'stg', confirm: 'yes' }),
    );
    expect(reason).toBe('confirmation-required');
    expect(error.message).toMatch(/set the `confirm` input to "stg"/);
    expect(bed.journal.calls).toEqual([]);
    expect(failureContextOf(error)?.target?.envId).toBe('stg');
  });

  it('backs stg up before applying when confirmed', async () => {
    const bed = testBed();
    const request = { ...base, catalog: bed.catalog, environment: 'stg', confirm: 'stg' };
    await provisionEnvironment(bed.deps, request);
    bed.terraform.desired.push('terraform_data.cache');
    bed.journal.calls.length = 0;
    const result = await provisionEnvironment(bed.deps, request);
    expect(result.backup?.name).toMatch(/pre-apply/);
    const calls = bed.journal.calls;
    expect(calls.indexOf('state.backupState:pre-apply')).toBeLessThan(calls.indexOf('terraform.apply'));
    expect(bed.state.backups).toHaveLength(1);
  });

  it('fails with backup-failed and does not apply when the backup cannot be taken', async () => {
    const bed = testBed();
    const request = { ...base, catalog: bed.catalog, environment: 'stg', confirm: 'stg' };
    await provisionEnvironment(bed.deps, request);
    bed.terraform.desired.push('terraform_data.cache');
    bed.state.failBackup = true;
    bed.journal.calls.length = 0;
    const { reason } = await reasonOf(provisionEnvironment(bed.deps, request));
    expect(reason).toBe('backup-failed');
    expect(bed.journal.calls).not.toContain('terraform.apply');
  });

  it('applies prod only with PRODUCTION and the hash of the reviewed plan', async () => {
    const bed = testBed();
    const request = { ...base, catalog: bed.catalog, environment: 'prod' };
    const noConfirm = await reasonOf(provisionEnvironment(bed.deps, { ...request, planHash: 'sha256:00' }));
    expect(noConfirm.reason).toBe('confirmation-required');
    expect(noConfirm.error.message).toMatch(/"PRODUCTION"/);
    const noHash = await reasonOf(provisionEnvironment(bed.deps, { ...request, confirm: 'PRODUCTION' }));
    expect(noHash.reason).toBe('confirmation-required');
    expect(noHash.error.message).toMatch(/plan-only/);
    expect(bed.journal.calls).toEqual([]);

    const reviewed = await provisionEnvironment(bed.deps, { ...request, planOnly: true });
    expect(reviewed.outcome).toBe('planned');
    expect(bed.journal.calls).not.toContain('terraform.apply');
    expect(bed.journal.calls.filter((call) => call.startsWith('state.writeRecord'))).toEqual([]);

    bed.terraform.planSalt = 'drift';
    bed.journal.calls.length = 0;
    const changed = await reasonOf(
      provisionEnvironment(bed.deps, { ...request, confirm: 'PRODUCTION', planHash: reviewed.planHash }),
    );
    expect(changed.reason).toBe('plan-changed');
    expect(changed.error.message).toContain(reviewed.planHash);
    expect(bed.journal.calls).not.toContain('terraform.apply');

    bed.terraform.planSalt = '';
    const applied = await provisionEnvironment(bed.deps, {
      ...request,
      confirm: 'PRODUCTION',
      planHash: reviewed.planHash.replace('sha256:', '').toUpperCase(),
    });
    expect(applied.outcome).toBe('applied');
  });

  it('breaks a lease left by a finished workflow run, and says so', async () => {
    const bed = testBed();
    const request = {
      ...base,
      catalog: bed.catalog,
      environment: 'feat',
      event: prEvent(3),
      run: { id: '200' },
    };
    await provisionEnvironment(bed.deps, { ...request, run: { id: '100' } });
    const key = 'tfstate/feat/pr-3/terraform.tfstate';
    const record = bed.state.records.get(key);
    if (record) bed.state.records.set(key, { ...record, status: 'provisioning', lastRunId: '100' });
    bed.state.leases.set(key, {
      id: 'lock-1',
      operation: 'OperationTypeApply',
      who: 'runner@host',
      created: undefined,
      path: key,
    });
    bed.github.runs.set('100', 'completed');
    const result = await provisionEnvironment(bed.deps, request);
    expect(result.notes.join('\n')).toMatch(/Broke the stale lease .*lock-1.*workflow run 100, has finished/);
    expect(bed.logger.lines.some((line) => line.level === 'warning' && line.message.includes('lock-1'))).toBe(
      true,
    );
    expect(bed.state.leases.size).toBe(0);
  });

  it('waits for a lease held by a running workflow and fails with state-locked and the holder', async () => {
    const bed = testBed();
    const request = {
      ...base,
      catalog: bed.catalog,
      environment: 'feat',
      event: prEvent(4),
      run: { id: '201' },
    };
    await provisionEnvironment(bed.deps, { ...request, run: { id: '101' } });
    const key = 'tfstate/feat/pr-4/terraform.tfstate';
    const record = bed.state.records.get(key);
    if (record) bed.state.records.set(key, { ...record, status: 'provisioning', lastRunId: '101' });
    bed.state.leases.set(key, {
      id: 'lock-2',
      operation: 'OperationTypeApply',
      who: 'runner@host',
      created: undefined,
      path: key,
    });
    bed.github.runs.set('101', 'in_progress');
    bed.journal.calls.length = 0;
    const started = bed.clock.now().getTime();
    const { reason, error } = await reasonOf(provisionEnvironment(bed.deps, request));
    expect(reason).toBe('state-locked');
    expect(error.message).toMatch(/lock-2.*OperationTypeApply.*runner@host.*workflow run 101 still running/);
    expect(bed.clock.now().getTime() - started).toBe(60_000);
    expect(bed.state.leases.size).toBe(1);
    expect(bed.journal.calls).not.toContain('terraform.init');
  });

  it('proceeds once a held lease is released while waiting', async () => {
    const bed = testBed();
    const key = 'tfstate/feat/pr-5/terraform.tfstate';
    bed.state.leases.set(key, {
      id: 'lock-3',
      operation: 'OperationTypePlan',
      who: 'someone',
      created: undefined,
      path: key,
    });
    const sleep = bed.clock.sleep.bind(bed.clock);
    bed.clock.sleep = async (ms) => {
      await sleep(ms);
      bed.state.leases.delete(key);
    };
    const result = await provisionEnvironment(bed.deps, {
      ...base,
      catalog: bed.catalog,
      environment: 'feat',
      event: prEvent(5),
    });
    expect(result.outcome).toBe('applied');
  });

  it('reports state-locked when terraform itself meets the lock, plan-failed and apply-failed otherwise', async () => {
    const bed = testBed();
    const request = { ...base, catalog: bed.catalog, environment: 'feat', event: prEvent(6) };
    bed.terraform.fail.plan = new StateLockedError('Error acquiring the state lock');
    expect((await reasonOf(provisionEnvironment(bed.deps, request))).reason).toBe('state-locked');
    bed.terraform.fail.plan = new Error('Invalid reference');
    expect((await reasonOf(provisionEnvironment(bed.deps, request))).reason).toBe('plan-failed');
    bed.terraform.fail = { apply: new Error('provisioner failed') };
    const applyFailure = await reasonOf(provisionEnvironment(bed.deps, request));
    expect(applyFailure.reason).toBe('apply-failed');
    expect(applyFailure.error.message).toMatch(/terraform apply failed: provisioner failed/);
    expect([...bed.state.records.values()][0]).toMatchObject({
      status: 'provisioning',
      failureReason: 'apply-failed',
    });
    expect(bed.github.deployments.at(-1)).toMatchObject({ status: 'failed', failureReason: 'apply-failed' });
    expect(bed.github.comments.get(6)?.at(-1)?.status).toBe('failed');
  });

  it('retries init while another run creates the state, and reports state-locked when it never stops', async () => {
    const bed = testBed();
    const real = bed.deps.terraform;
    let refusals = 2;
    bed.deps.terraform = (workspace) => {
      const port = real(workspace);
      return {
        ...port,
        init: async (options) => {
          if (refusals-- > 0) throw new StateLockedError('the state is being created by another run');
          return port.init(options);
        },
      };
    };
    const request = { ...base, catalog: bed.catalog, environment: 'feat', event: prEvent(9) };
    expect((await provisionEnvironment(bed.deps, request)).outcome).toBe('applied');
    refusals = 1000;
    const { reason } = await reasonOf(provisionEnvironment(bed.deps, { ...request, lockTimeoutMs: 10_000 }));
    expect(reason).toBe('state-locked');
  });

  it('keeps going when GitHub is down: a comment is a courtesy', async () => {
    const bed = testBed();
    bed.github.comment = async () => {
      throw new Error('502 Bad Gateway');
    };
    const result = await provisionEnvironment(bed.deps, {
      ...base,
      catalog: bed.catalog,
      environment: 'feat',
      event: prEvent(8),
    });
    expect(result.outcome).toBe('applied');
    expect(bed.logger.lines.some((line) => line.message.includes('502 Bad Gateway'))).toBe(true);
  });
});
