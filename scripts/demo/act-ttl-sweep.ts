import { setTimeout as sleep } from 'node:timers/promises';
import { pullRequestPayload, schedulePayload } from '../../test/harness/webhook-payloads.js';
import type { Act } from './act-context.js';
import { parseList } from './act-nightly-perf.js';
import { stateKeyOf } from './expected-names.js';

const SHORT_PR = 7;
const TTL_MS = 1000;

export const ttlSweep: Act = {
  title: 'An expired environment swept',
  what:
    `PR #${SHORT_PR} gets an environment with a ${TTL_MS / 1000} s TTL. Once it has passed, the hourly ` +
    'sweep (teardown-env, mode: sweep) removes it; live and long-lived environments stay.',
  actions: ['provision-env', 'teardown-env'],
  async play(context) {
    const envId = `feat-pr-${SHORT_PR}`;
    const headRef = 'fix/typo-in-prompt';
    context.world.github.setPull(SHORT_PR, { state: 'open', headRef, title: 'Fix a typo in the prompt' });
    const started = Date.now();
    const provision = await context.step(
      {
        action: 'provision-env',
        event: { name: 'pull_request', payload: pullRequestPayload('opened', { number: SHORT_PR, headRef }) },
        inputs: { environment: 'feat', ttl: `${TTL_MS / 1000}s` },
        runId: 7_500_000_001,
        workflow: 'pr-environment',
      },
      ['env-id', 'state-key'],
    );
    context.expect(provision.exitCode === 0 && provision.outputs['env-id'] === envId, `${envId} is up`);
    const wait = started + TTL_MS + 200 - Date.now();
    if (wait > 0) {
      context.print.step(`waiting ${(wait / 1000).toFixed(1)} s for its TTL to pass`);
      await sleep(wait);
    }
    await context.status('Before the sweep');

    const sweep = await context.step(
      {
        action: 'teardown-env',
        event: { name: 'schedule', payload: schedulePayload('23 * * * *', '.github/workflows/sweep.yml') },
        inputs: { mode: 'sweep' },
        runId: 7_500_000_002,
        workflow: 'sweep',
      },
      ['destroyed', 'failed'],
    );
    context.expect(sweep.exitCode === 0, 'the sweep succeeded');
    const destroyed = parseList(sweep.outputs.destroyed);
    context.expect(destroyed.includes(envId), `${envId} swept (expired)`);
    context.expect(!destroyed.includes('stg'), 'stg left alone (long-lived, never swept)');
    context.expect(parseList(sweep.outputs.failed).length === 0, 'nothing failed');
    const left = await context.blobs(stateKeyOf('feat', `pr-${SHORT_PR}`));
    context.expect(left.length === 0, `${envId} state gone`);
    const stg = await context.blobs(stateKeyOf('stg'));
    context.expect(stg.length === 1, 'stg state still there');
  },
};
