import { actionBundle } from '../../test/harness/run-action.js';
import { type ActionRun, type ActionStep, runAction } from './action-runner.js';
import { cliStatus } from './cli-status.js';
import type { DemoWorld } from './demo-world.js';
import type { StoryPrinter } from './story-printer.js';

export interface ActOutcome {
  number: number;
  title: string;
  status: 'passed' | 'failed' | 'skipped';
  durationMs: number;
  failed: string[];
  /** Why the act was skipped. */
  reason?: string;
}

/** What an act works with: the world, the printer, and a record of what it expected. */
export class ActContext {
  readonly failed: string[] = [];

  constructor(
    readonly world: DemoWorld,
    readonly print: StoryPrinter,
  ) {}

  /** A check of what came out (outputs, state, GitHub), not just an exit code. */
  expect(ok: boolean, text: string): boolean {
    this.print.check(ok, text);
    if (!ok) this.failed.push(text);
    return ok;
  }

  /** Runs a step and prints what a person would look at: exit, errors, chosen outputs. */
  async step(step: ActionStep, show: readonly string[]): Promise<ActionRun> {
    const inputs = Object.entries(step.inputs)
      .map(([name, value]) => `${name}: ${value === '' ? '""' : value}`)
      .join(', ');
    this.print.step(`${step.action} on ${step.event.name}${inputs ? ` (${inputs})` : ''}`);
    this.world.github.setWorkflowRun(step.runId, { status: 'in_progress' });
    const run = await runAction(this.world, step);
    this.world.github.setWorkflowRun(step.runId, {
      status: 'completed',
      conclusion: run.exitCode === 0 ? 'success' : 'failure',
    });
    this.print.value('exit', `${run.exitCode} after ${(run.durationMs / 1000).toFixed(1)} s`);
    for (const error of run.log.errors) this.print.value('error', error);
    for (const warning of run.log.warnings) this.print.value('warning', warning);
    for (const name of show) {
      const value = run.outputs[name];
      if (value !== undefined && value !== '') this.print.value(name, value);
    }
    return run;
  }

  async status(heading: string): Promise<string[]> {
    const table = await cliStatus(this.world);
    this.print.step(`${heading}: terrarium status --config environments.yaml`);
    this.print.block(table.text);
    if (table.exitCode !== 0) this.expect(false, `terrarium status exited ${table.exitCode}`);
    return table.envIds;
  }

  /** Blob names under a prefix of the state container, read directly from Azurite. */
  async blobs(prefix: string): Promise<string[]> {
    const container = this.world.backend.blobService().getContainerClient(this.world.container);
    if (!(await container.exists())) return [];
    const names: string[] = [];
    for await (const blob of container.listBlobsFlat({ prefix })) names.push(blob.name);
    return names;
  }
}

export interface Act {
  title: string;
  what: string;
  /** Bundled actions the act runs; missing ones mean the act cannot be played honestly. */
  actions: readonly string[];
  play(context: ActContext): Promise<void>;
}

export async function playAct(
  world: DemoWorld,
  print: StoryPrinter,
  number: number,
  act: Act,
): Promise<ActOutcome> {
  const started = Date.now();
  print.act(number, act.title, act.what);
  const missing = act.actions.filter((action) => actionBundle(action) === undefined);
  if (missing.length > 0) {
    const reason = `not played: ${missing.map((name) => `actions/${name}`).join(', ')} has no action.yml or bundle yet`;
    print.note(reason);
    return { number, title: act.title, status: 'skipped', durationMs: 0, failed: [], reason };
  }
  const context = new ActContext(world, print);
  try {
    await act.play(context);
  } catch (error) {
    context.expect(false, `the act stopped: ${error instanceof Error ? error.message : String(error)}`);
  }
  const durationMs = Date.now() - started;
  const status = context.failed.length === 0 ? 'passed' : 'failed';
  print.line(`  ${status === 'passed' ? 'Act passed' : 'Act FAILED'} in ${(durationMs / 1000).toFixed(1)} s`);
  return { number, title: act.title, status, durationMs, failed: context.failed };
}
