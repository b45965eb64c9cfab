import { type Act, ActContext, type ActOutcome, playAct } from './act-context.js';
import { finalStatus } from './act-final-status.js';
import { nightlyPerf } from './act-nightly-perf.js';
import { prClosed } from './act-pr-closed.js';
import { prOpened } from './act-pr-opened.js';
import { stgDispatch } from './act-stg-dispatch.js';
import { ttlSweep } from './act-ttl-sweep.js';
import { type DemoWorld, startDemoWorld } from './demo-world.js';
import { createRedactor } from './redactor.js';
import { createStoryPrinter, type StoryPrinter } from './story-printer.js';

export const ACTS: readonly Act[] = [prOpened, nightlyPerf, stgDispatch, prClosed, ttlSweep, finalStatus];

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function introduce(print: StoryPrinter, world: DemoWorld, startMs: number): void {
  print.line('Terrarium demo: the real flows through the bundled actions, as a GitHub runner runs them.');
  print.line(`Started in ${seconds(startMs)}:`);
  print.value(
    'state',
    `Azurite with TLS at https://127.0.0.1:${world.backend.azurite.port}, account ${world.storageAccount}, in memory`,
  );
  print.value(
    'terraform',
    `its azurerm backend reaches Azurite through a CONNECT proxy at ${world.backend.proxy.url}`,
  );
  print.value('catalog', 'environments.yaml (root module examples/terraform/sample)');
  print.value('GitHub API', `${world.github.url} (loopback fake of the REST API)`);
  print.value('LLM service', `${world.llm.url} (log-normal latency, 0.2% overloads)`);
}

function conclude(print: StoryPrinter, world: DemoWorld, outcomes: ActOutcome[], totalMs: number): number {
  print.line('');
  print.line('━━ Result ━━');
  for (const outcome of outcomes) {
    const label = { passed: 'passed', failed: 'FAILED', skipped: 'SKIPPED' }[outcome.status];
    const reason = outcome.reason ? `: ${outcome.reason}` : '';
    print.check(outcome.status === 'passed', `Act ${outcome.number} ${outcome.title}: ${label}${reason}`);
    for (const failed of outcome.failed) print.line(`      - ${failed}`);
  }
  print.line(`Job summaries: ${world.keepDir}/summaries (action logs in ${world.keepDir}/logs)`);
  const ok = outcomes.every((outcome) => outcome.status === 'passed');
  print.line(`${ok ? 'Demo complete' : 'Demo did NOT end as expected'}: total time ${seconds(totalMs)}`);
  return ok ? 0 : 1;
}

/** Plays the whole story; returns the exit code. Stops everything it started, whatever happens. */
export async function runDemo(root: string): Promise<number> {
  const started = Date.now();
  const startupRedactor = createRedactor();
  let print = createStoryPrinter(startupRedactor, (text) => process.stdout.write(text));
  let world: DemoWorld | undefined;
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = signal;
    process.stdout.write(`\n${signal}: stopping every process the demo started...\n`);
    // While starting, the start finishes first (so no half-started process is left behind).
    if (world) void world.stop().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    world = await startDemoWorld(root);
    if (interrupted) return interrupted === 'SIGINT' ? 130 : 143;
    print = createStoryPrinter(world.redactor, (text) => process.stdout.write(text));
    introduce(print, world, Date.now() - started);
    const outcomes: ActOutcome[] = [];
    for (const [index, act] of ACTS.entries()) {
      if (interrupted) break;
      const outcome = await playAct(world, print, index + 1, act);
      outcomes.push(outcome);
      if (act !== finalStatus && outcome.status !== 'skipped') {
        const between = new ActContext(world, print);
        await between.status('Status').catch((error: unknown) => {
          between.expect(false, `terrarium status failed: ${String(error)}`);
        });
        if (between.failed.length > 0) {
          outcome.status = 'failed';
          outcome.failed.push(...between.failed);
        }
      }
    }
    return conclude(print, world, outcomes, Date.now() - started);
  } catch (error) {
    print.check(
      false,
      `the demo stopped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return 1;
  } finally {
    await world?.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
