import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowDispatchPayload } from '../harness/webhook-payloads.js';
import { type ActionBed, blobNames, startActionBed } from './action-bed.js';

const dispatch = { name: 'workflow_dispatch', payload: workflowDispatchPayload() };

describe('guarded environments through the bundled provision-env action', () => {
  let bed: ActionBed;

  beforeAll(async () => {
    bed = await startActionBed();
  });
  afterAll(async () => {
    await bed?.stop();
  });

  it('refuses stg without the confirmation before terraform runs or any state is touched', async () => {
    const result = await bed.run('provision-env', {
      inputs: { environment: 'stg', confirm: 'staging' },
      event: dispatch,
    });
    expect(result.code).toBe(1);
    expect(result.outputs['failure-reason']).toBe('confirmation-required');
    expect(result.outputs['env-id']).toBe('stg');
    expect(result.log).toContain(
      '::error::Environment "stg" has enhanced safety: set the `confirm` input to "stg"',
    );
    expect(result.log).not.toContain('$ terraform');
    expect(await bed.blobs().getContainerClient(bed.container).exists()).toBe(false);
  });

  it('applies stg with the confirmation and backs its state up before a change', async () => {
    const first = await bed.run('provision-env', {
      inputs: { environment: 'stg', confirm: 'stg' },
      event: dispatch,
    });
    expect(first.code, first.log).toBe(0);
    const second = await bed.run('provision-env', {
      inputs: { environment: 'stg', confirm: 'stg', vars: '{"app_sku": "S1"}' },
      event: dispatch,
    });
    expect(second.code, second.log).toBe(0);
    // A new input replaces the terraform_data resource: one add and one destroy, as terraform counts it.
    expect(second.outputs).toMatchObject({
      'plan-add': '1',
      'plan-change': '0',
      'plan-destroy': '1',
      changed: 'true',
    });
    expect(
      (await blobNames(bed.blobs(), bed.container, 'backups/stg/')).some((name) =>
        name.includes('pre-apply'),
      ),
    ).toBe(true);
  });

  it('applies prod only with the hash of the reviewed plan, refusing a plan that changed', async () => {
    const reviewed = await bed.run('provision-env', {
      inputs: { environment: 'prod', 'plan-only': 'true', vars: '{"app_sku": "P1v3"}' },
      event: dispatch,
      runId: '5001',
    });
    expect(reviewed.code, reviewed.log).toBe(0);
    const hash = reviewed.outputs['plan-hash'] ?? '';
    expect(hash).toMatch(/^sha256:/);
    expect(reviewed.outputs['plan-add']).toBe('3');
    expect(await blobNames(bed.blobs(), bed.container, 'prod/')).not.toContain('prod/terrarium.json');

    // Something changed after the review: a different SKU is not the plan that was approved.
    const changed = await bed.run('provision-env', {
      inputs: { environment: 'prod', confirm: 'PRODUCTION', 'plan-hash': hash, vars: '{"app_sku": "P2v3"}' },
      event: dispatch,
      runId: '5002',
    });
    expect(changed.code).toBe(1);
    expect(changed.outputs['failure-reason']).toBe('plan-changed');
    expect(changed.log).not.toContain('$ terraform apply');

    // A later run (another run id) applies the reviewed plan: the hash holds across runs.
    const applied = await bed.run('provision-env', {
      inputs: { environment: 'prod', confirm: 'PRODUCTION', 'plan-hash': hash, vars: '{"app_sku": "P1v3"}' },
      event: dispatch,
      runId: '5003',
    });
    expect(applied.code, applied.log).toBe(0);
    expect(applied.outputs['plan-hash']).toBe(hash);
    expect(applied.outputs.url).toBe('https://prod.example.test');
  });

  it('names the vars input and the position of a JSON mistake', async () => {
    const result = await bed.run('provision-env', {
      inputs: { environment: 'dev', vars: '{"app_sku": "B2",}' },
      event: dispatch,
    });
    expect(result.code).toBe(1);
    expect(result.outputs['failure-reason']).toBe('config-error');
    expect(result.log).toMatch(/::error::The `vars` input is not valid JSON at line 1, column 18/);
  });

  it('says what to check when the storage account refuses the key, as a configuration error', async () => {
    const wrongKey = Buffer.from('not-the-key-of-this-account-0123456789ab').toString('base64');
    const result = await bed.run('provision-env', {
      inputs: { environment: 'dev' },
      event: dispatch,
      env: {
        AZURE_STORAGE_CONNECTION_STRING: bed.backend.connectionString.replace(
          /AccountKey=[^;]+/,
          `AccountKey=${wrongKey}`,
        ),
      },
    });
    expect(result.code).toBe(1);
    expect(result.outputs['failure-reason']).toBe('config-error');
    expect(result.log).toMatch(/::error::storage account \S+ refused the credentials/);
    expect(result.log).not.toContain(wrongKey);
  });
});
