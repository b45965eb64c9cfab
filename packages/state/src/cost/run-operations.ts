import type { MonthlyOperations } from './cost-estimate.js';

/**
 * Storage operations one run makes, by billing class: Terrarium's own (records, leases, backups,
 * the renewal) and terraform's (init, plan and apply through its azurerm backend). Measured by
 * test/state/cost/run-operations.test.ts, which counts what Azurite served (its debug log names
 * every operation) for a pull request environment provisioned with the real terraform, torn
 * down, and an hourly sweep with nothing to do; that test fails when these drift by more than a
 * quarter. A run that applies a guarded environment adds a backup copy (one write, a few reads).
 */
export const OPERATIONS_PER_RUN: Readonly<Record<'provision' | 'teardown' | 'sweep', MonthlyOperations>> = {
  provision: { write: 5, read: 13, list: 2, other: 31 },
  teardown: { write: 4, read: 9, list: 2, other: 19 },
  sweep: { write: 0, read: 0, list: 1, other: 0 },
};

export interface MonthlyRuns {
  provisions: number;
  teardowns: number;
  sweeps: number;
}

/** The operations a month of runs makes: the measured counts per run, times the runs. */
export function monthlyOperations(runs: MonthlyRuns): MonthlyOperations {
  const total: MonthlyOperations = { write: 0, read: 0, list: 0, other: 0 };
  for (const [kind, count] of [
    ['provision', runs.provisions],
    ['teardown', runs.teardowns],
    ['sweep', runs.sweeps],
  ] as const)
    for (const op of ['write', 'read', 'list', 'other'] as const)
      total[op] += OPERATIONS_PER_RUN[kind][op] * count;
  return total;
}
