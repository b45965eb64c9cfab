import { join } from 'node:path';
import { schedulePayload } from '../../test/harness/webhook-payloads.js';
import type { Act } from './act-context.js';
import { stateKeyOf } from './expected-names.js';
import { runLoadTest } from './load-test.js';
import { markdownTables } from './markdown-tables.js';

export const PERF_RUN_ID = 9_876_543_210;
const SCALING = { replicas: 3, vus: 20 };
const LOAD_SECONDS = 3;

export const nightlyPerf: Act = {
  title: 'Nightly perf run',
  what:
    'The nightly schedule provisions perf with scaling parameters, load-tests the LLM endpoint, ' +
    'measures it against the SLOs and tears perf down.',
  actions: ['provision-env', 'report-slo', 'teardown-env'],
  async play(context) {
    const envId = `perf-run-${PERF_RUN_ID}`;
    const event = {
      name: 'schedule',
      payload: schedulePayload('17 2 * * *', '.github/workflows/nightly-perf.yml'),
    };
    const base = { event, runId: PERF_RUN_ID, workflow: 'nightly-perf' };

    const provision = await context.step(
      {
        ...base,
        action: 'provision-env',
        inputs: { environment: 'perf', vars: JSON.stringify({ scaling: SCALING }) },
      },
      ['env-id', 'state-key', 'url', 'plan-add'],
    );
    context.expect(provision.exitCode === 0, 'provision-env succeeded');
    context.expect(provision.outputs['env-id'] === envId, `env-id is ${envId} (from GITHUB_RUN_ID)`);
    context.expect(
      provision.outputs['state-key'] === stateKeyOf('perf', `run-${PERF_RUN_ID}`),
      'state under perf/run-<id>/',
    );

    const url = `${context.world.llm.url}/v1/chat/completions`;
    context.print.step(
      `load test: autocannon, ${SCALING.vus} connections for ${LOAD_SECONDS} s against the LLM-like service`,
    );
    const resultsFile = join(context.world.keepDir, 'autocannon.json');
    const result = await runLoadTest(
      { url, connections: SCALING.vus, durationSeconds: LOAD_SECONDS },
      resultsFile,
    );
    context.print.value(
      'result',
      `${result.requests.total} requests, p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, ` +
        `p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx, ${result.errors} errors`,
    );
    context.print.value('autocannon json', resultsFile);
    context.expect(result.requests.total > 0, 'the load test sent requests');

    const slo = await context.step(
      {
        ...base,
        action: 'report-slo',
        inputs: {
          'slo-file': 'examples/slo/llm-platform.slo.yaml',
          results: resultsFile,
          format: 'autocannon',
          'fail-on-breach': 'false',
        },
      },
      ['status', 'worst-objective', 'budget-remaining'],
    );
    context.expect(slo.exitCode === 0, 'report-slo succeeded (fail-on-breach: false)');
    context.expect(
      ['met', 'breached'].includes(slo.outputs.status ?? ''),
      `SLO status is ${slo.outputs.status}`,
    );
    const tables = markdownTables(slo.summary);
    if (context.expect(tables.length > 0, 'the job summary holds the objectives table')) {
      context.print.block(tables[0] ?? '');
    }

    const teardown = await context.step(
      { ...base, action: 'teardown-env', inputs: { environment: 'perf' } },
      ['destroyed', 'failed'],
    );
    context.expect(teardown.exitCode === 0, 'teardown-env succeeded');
    context.expect(parseList(teardown.outputs.destroyed).includes(envId), `${envId} destroyed`);
    const left = await context.blobs(stateKeyOf('perf', `run-${PERF_RUN_ID}`));
    context.expect(left.length === 0, 'its state blob is gone');
  },
};

/** The teardown action's `destroyed` and `failed` outputs: JSON arrays of env ids. */
export function parseList(value: string | undefined): string[] {
  if (!value) return [];
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.map(String) : [];
  } catch {
    return [];
  }
}
