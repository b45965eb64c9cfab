/**
 * `terraform plan -detailed-exitcode`: 0 means no changes, 2 means changes, anything else
 * (1, or null when killed) is a failure the caller turns into an error.
 */
export function planChanged(exitCode: number | null): boolean | undefined {
  if (exitCode === 0) return false;
  if (exitCode === 2) return true;
  return undefined;
}
