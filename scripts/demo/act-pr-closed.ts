import { pullRequestPayload } from '../../test/harness/webhook-payloads.js';
import type { Act } from './act-context.js';
import { parseList } from './act-nightly-perf.js';
import { PR_BRANCH, PR_NUMBER, showStickyComment } from './act-pr-opened.js';
import { stateKeyOf } from './expected-names.js';

export const prClosed: Act = {
  title: `PR #${PR_NUMBER} closed`,
  what: 'The pull request is merged and closed: teardown-env destroys its environment and keeps a backup.',
  actions: ['teardown-env'],
  async play(context) {
    const envId = `feat-pr-${PR_NUMBER}`;
    context.world.github.setPull(PR_NUMBER, { state: 'closed', merged: true, headRef: PR_BRANCH });
    const run = await context.step(
      {
        action: 'teardown-env',
        event: {
          name: 'pull_request',
          payload: pullRequestPayload('closed', { number: PR_NUMBER, headRef: PR_BRANCH, merged: true }),
        },
        inputs: { environment: 'feat' },
        runId: 7_100_000_002,
        workflow: 'pr-environment',
      },
      ['destroyed', 'failed'],
    );
    context.expect(run.exitCode === 0, 'teardown-env succeeded');
    context.expect(parseList(run.outputs.destroyed).includes(envId), `${envId} destroyed`);
    const left = await context.blobs(`feat/pr-${PR_NUMBER}/`);
    context.expect(
      !left.includes(stateKeyOf('feat', `pr-${PR_NUMBER}`)) && left.length === 0,
      'state and record gone',
    );
    const backups = await context.blobs(`backups/${envId}/`);
    context.print.value('backups', backups.join(', ') || 'none');
    context.expect(backups.length > 0, 'the final state is kept in backups/');
    const { github } = context.world;
    const deployments = github.deployments.filter((d) => d.environment === envId).map((d) => d.id);
    const latest = github.deploymentStatuses.filter((s) => deployments.includes(s.deployment_id)).at(-1);
    context.print.value('deployment', latest ? `${envId}: ${latest.state}` : 'none');
    context.expect(latest?.state === 'inactive', 'its deployment is inactive');
    const comments = github.comments.filter((c) => c.issue_number === PR_NUMBER);
    const body = showStickyComment(context, PR_NUMBER);
    context.expect(
      comments.length === 1 && body !== undefined && !body.includes('is ready'),
      'the same sticky comment now says the environment is gone',
    );
  },
};
