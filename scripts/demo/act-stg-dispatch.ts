import { workflowDispatchPayload } from '../../test/harness/webhook-payloads.js';
import type { Act } from './act-context.js';
import { stateKeyOf } from './expected-names.js';

export const stgDispatch: Act = {
  title: 'stg by workflow_dispatch',
  what: 'Someone dispatches deploy-stg.yml. stg is guarded: without typing "stg" as the confirmation nothing runs.',
  actions: ['provision-env'],
  async play(context) {
    const refused = await context.step(
      {
        action: 'provision-env',
        event: { name: 'workflow_dispatch', payload: workflowDispatchPayload({ confirm: '' }) },
        inputs: { environment: 'stg', confirm: '' },
        runId: 7_300_000_001,
        workflow: 'deploy-stg',
      },
      ['failure-reason'],
    );
    context.expect(refused.exitCode !== 0, 'the step failed, as it should');
    context.expect(
      refused.outputs['failure-reason'] === 'confirmation-required',
      'failure-reason is confirmation-required',
    );
    const touched = await context.blobs('stg/');
    context.expect(touched.length === 0, 'terraform never ran: no state, lock or record for stg');

    const confirmed = await context.step(
      {
        action: 'provision-env',
        event: { name: 'workflow_dispatch', payload: workflowDispatchPayload({ confirm: 'stg' }) },
        inputs: { environment: 'stg', confirm: 'stg' },
        runId: 7_300_000_002,
        workflow: 'deploy-stg',
      },
      ['env-id', 'state-key', 'url', 'plan-add'],
    );
    context.expect(confirmed.exitCode === 0, 'with confirm: stg, provision-env succeeded');
    context.expect(confirmed.outputs['env-id'] === 'stg', 'env-id is stg');
    const state = await context.blobs(stateKeyOf('stg'));
    context.expect(state.length === 1, 'stg state written at stg/terraform.tfstate');
  },
};
