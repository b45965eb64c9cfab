import { pullRequestPayload } from '../../test/harness/webhook-payloads.js';
import type { Act, ActContext } from './act-context.js';
import { stateKeyOf } from './expected-names.js';

export const PR_NUMBER = 42;
export const PR_BRANCH = 'feat/streaming-answers';

/** The sticky comment's headline fields; the plan details below them are for the pull request page. */
export function showStickyComment(context: ActContext, prNumber: number): string | undefined {
  const comment = context.world.github.comments.filter((c) => c.issue_number === prNumber).at(-1);
  if (!context.expect(comment !== undefined, `sticky comment on PR #${prNumber}`) || !comment)
    return undefined;
  const end = comment.body.search(/^(<details|```)/m);
  context.print.block(
    (end < 0 ? comment.body : comment.body.slice(0, end))
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => line !== '' && !line.startsWith('<!--'))
      .join('\n'),
  );
  return comment.body;
}

/** Shows the sticky comment and the deployment GitHub received for one environment. */
export function showGitHubSide(context: ActContext, envId: string, prNumber: number): void {
  const { github } = context.world;
  showStickyComment(context, prNumber);
  const deployment = github.deployments.filter((d) => d.environment === envId).at(-1);
  const statuses = github.deploymentStatuses.filter((s) => s.deployment_id === deployment?.id);
  const latest = statuses.at(-1);
  context.print.value(
    'deployment',
    deployment
      ? `${deployment.environment} #${deployment.id}: ${statuses.map((s) => s.state).join(' -> ')}${latest?.environment_url ? ` (${latest.environment_url})` : ''}`
      : 'none',
  );
  context.expect(latest?.state === 'success', `deployment ${envId} is success`);
}

export const prOpened: Act = {
  title: `PR #${PR_NUMBER} opened`,
  what: 'A pull request opens: pr-environment.yml runs provision-env, which gives it its own environment.',
  actions: ['provision-env'],
  async play(context) {
    const envId = `feat-pr-${PR_NUMBER}`;
    context.world.github.setPull(PR_NUMBER, { state: 'open', headRef: PR_BRANCH, title: 'Stream answers' });
    const run = await context.step(
      {
        action: 'provision-env',
        event: {
          name: 'pull_request',
          payload: pullRequestPayload('opened', {
            number: PR_NUMBER,
            headRef: PR_BRANCH,
            title: 'Stream answers',
          }),
        },
        inputs: { environment: 'feat' },
        runId: 7_100_000_001,
        workflow: 'pr-environment',
      },
      ['env-id', 'state-key', 'url', 'plan-add', 'outputs-json'],
    );
    context.expect(run.exitCode === 0, 'provision-env succeeded');
    context.expect(run.outputs['env-id'] === envId, `env-id is ${envId}`);
    context.expect(
      run.outputs['state-key'] === stateKeyOf('feat', `pr-${PR_NUMBER}`),
      'state under feat/pr-42/',
    );
    context.expect((run.outputs.url ?? '').includes(envId), 'url points at the new environment');
    context.expect(!(run.outputs['outputs-json'] ?? '').includes('Password'), 'sensitive outputs left out');
    const state = await context.blobs(stateKeyOf('feat', `pr-${PR_NUMBER}`));
    context.expect(state.length === 1, 'terraform state blob written to Azurite');
    showGitHubSide(context, envId, PR_NUMBER);
  },
};
