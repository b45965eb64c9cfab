/** One `Lock Info:` block as terraform prints it when the state is already locked. */
export interface LockInfo {
  /** The lock id `force-unlock` takes (for azurerm, also the blob lease id). */
  id: string;
  /** `<container>/<key>` for azurerm. */
  path: string;
  /** `OperationTypeApply`, `OperationTypePlan`, ... */
  operation: string;
  /** `user@host` of the run that holds the lock. */
  who: string;
  version: string;
  /** As terraform prints it, e.g. `2026-11-22 00:03:07.833083712 +0000 UTC`. */
  created: string;
  info: string;
}

/** terraform (or tofu) ran and failed. Holds the arguments (never the environment) and the end of stderr. */
export class TerraformCommandError extends Error {
  override readonly name: string = 'TerraformCommandError';
  readonly args: readonly string[];
  /** null when the process ended on a signal. */
  readonly exitCode: number | null;
  readonly stderrTail: readonly string[];
  /**
   * Terraform said it could not release the lock it took ("Error releasing the state lock"): the
   * state may stay leased by a process that has exited.
   */
  readonly lockLeft: boolean;
  /** That lock as terraform printed it, when it could still read it (its id is the lease id). */
  readonly unreleasedLock: LockInfo | undefined;

  constructor(
    message: string,
    args: readonly string[],
    exitCode: number | null,
    stderrTail: readonly string[],
    lockLeft = false,
    unreleasedLock?: LockInfo,
  ) {
    super(message);
    this.args = args;
    this.exitCode = exitCode;
    this.stderrTail = stderrTail;
    this.lockLeft = lockLeft;
    this.unreleasedLock = unreleasedLock;
  }
}

/** The state is locked by another run ("Error acquiring the state lock"). */
export class TerraformLockError extends TerraformCommandError {
  override readonly name = 'TerraformLockError';
  /** Undefined only if terraform printed no parsable `Lock Info:` block. */
  readonly lock: LockInfo | undefined;

  constructor(
    args: readonly string[],
    exitCode: number | null,
    stderrTail: readonly string[],
    lock?: LockInfo,
  ) {
    const holder = lock
      ? ` by ${lock.who} (${lock.operation}, lock id ${lock.id}, since ${lock.created})`
      : '';
    super(
      `the terraform state is locked${holder}; wait for that run to finish, or if it died, release the lock with force-unlock`,
      args,
      exitCode,
      stderrTail,
    );
    this.lock = lock;
  }
}

/** The command ran longer than allowed and was stopped (SIGTERM, then SIGKILL). */
export class TerraformTimeoutError extends TerraformCommandError {
  override readonly name = 'TerraformTimeoutError';
  readonly timeoutMs: number;

  constructor(
    tool: string,
    args: readonly string[],
    timeoutMs: number,
    exitCode: number | null,
    stderrTail: readonly string[],
  ) {
    super(
      `${tool} ${args[0] ?? ''} did not finish within ${timeoutMs} ms and was stopped; raise the timeout or look at what it was waiting for`,
      args,
      exitCode,
      stderrTail,
    );
    this.timeoutMs = timeoutMs;
  }
}
