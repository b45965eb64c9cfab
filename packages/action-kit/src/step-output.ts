import * as core from '@actions/core';
import { errorMessage, isConfigurationError } from '@terrarium/core';

const masked = new Set<string>();

/** Hides a secret in the runner's log, once each; an empty value is no secret. */
export function mask(secret: string | undefined): void {
  if (!secret || masked.has(secret)) return;
  masked.add(secret);
  core.setSecret(secret);
}

/** Appends Markdown to the job summary; outside a runner (a local try-out) there is none. */
export async function writeJobSummary(env: NodeJS.ProcessEnv, markdown: string): Promise<void> {
  if (!env.GITHUB_STEP_SUMMARY) return;
  await core.summary.addRaw(markdown).write();
}

/**
 * Ends the step as failed. A configuration mistake is the workflow's to fix: its message alone,
 * which says what to change. Anything else names the action (and the failure reason, when there
 * is one), with the stack in the debug log.
 */
export function failStep(action: string, error: unknown, reason?: string): void {
  if (isConfigurationError(error)) {
    core.setFailed(error.message);
    return;
  }
  if (error instanceof Error && error.stack) core.debug(error.stack);
  core.setFailed(`${action} failed${reason ? ` (${reason})` : ''}: ${errorMessage(error)}`);
}
