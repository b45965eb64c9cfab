import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { schedulePayload } from '../../test/harness/webhook-payloads.js';
import type { Act, ActContext } from './act-context.js';
import { stateKeyOf } from './expected-names.js';
import { runLoadTest } from './load-test.js';
import { markdownTables } from './markdown-tables.js';
import { EXAMPLE_SLO_FILE, sloForLoadTest } from './slo-for-load-test.js';

export const PERF_RUN_ID = 9_876_543_210;
const SCALING = { replicas: 3, vus: 20 };
const LOAD_SECONDS = 3;

export const nightlyPerf: Act = {
  title: 'Nightly perf run',
  what:
    'The nightly schedule provisions perf with scaling parameters, load-tests the LLM endpoint, ' +
    'measures it against the SLOs, keeps the report in the state account for the trend, and tears perf down.',
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

    const sloFile = await sloForLoadTest(context.world.root, 'llm-chat', context.world.keepDir);
    context.print.step(
      `SLO file: the llm-chat objectives of ${EXAMPLE_SLO_FILE} that autocannon can measure`,
    );
    context.print.value('written to', sloFile);
    const slo = await context.step(
      {
        ...base,
        action: 'report-slo',
        inputs: {
          'slo-file': sloFile,
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
    await checkSloReport(context, slo.outputs['report-json']);
    const tables = markdownTables(slo.summary);
    if (context.expect(tables.length > 0, 'the job summary holds the objectives table')) {
      context.print.block(tables[0] ?? '');
    }
    // A schedule event keeps the report (history on by default): tonight is the trend's first night.
    const kept = await context.blobs('slo-history/');
    context.expect(
      kept.some((name) => name.endsWith(`-${PERF_RUN_ID}.json`)),
      'report-slo kept the report under slo-history/ for the next nights',
    );
    const trend = tables.find((table) => table.startsWith('| Night |'));
    if (context.expect(trend !== undefined, 'the job summary holds the trend table')) {
      context.print.step(
        'trend in the job summary (one night so far; a mermaid chart per objective follows it)',
      );
      context.print.block(trend ?? '');
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

/** The objectives the load test's data can answer (latency and errors; it has no token timings). */
const MEASURED = ['llm-chat/latency-p95', 'llm-chat/latency-p99', 'llm-chat/availability'];

async function checkSloReport(context: ActContext, reportFile: string | undefined): Promise<void> {
  if (!context.expect(Boolean(reportFile), 'report-slo wrote its report JSON') || !reportFile) return;
  const kept = join(context.world.keepDir, 'slo-report.json');
  await copyFile(reportFile, kept);
  context.print.value('report json', kept);
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as {
    objectives?: { service: string; objective: string; status: string; note?: string }[];
  };
  for (const name of MEASURED) {
    const result = report.objectives?.find((o) => `${o.service}/${o.objective}` === name);
    const ok = result !== undefined && result.status !== 'no-data';
    const why = !ok && result?.note ? ` (report-slo: ${result.note})` : '';
    context.expect(ok, `${name} evaluated on the load test's data${why}`);
  }
}

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
