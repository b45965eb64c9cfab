import type { PlanSummary as EnvironmentPlan } from '@terrarium/core';

/** What a saved plan would do, from `terraform show -json <plan>`: the model's summary, and more. */
export interface PlanSummary extends EnvironmentPlan {
  /** True when applying the plan would change a resource or an output. */
  changed: boolean;
  /** Delete-and-create (either order); counted here only, not in add or destroy. */
  replace: number;
  /** Removed from state without being destroyed (`removed` blocks). */
  forget: number;
  addresses: { add: string[]; change: string[]; destroy: string[]; replace: string[]; forget: string[] };
  /** Names of outputs the plan would create, update or delete. */
  outputChanges: string[];
}

interface PlanJson {
  resource_changes?: { address?: unknown; change?: { actions?: unknown } }[];
  output_changes?: Record<string, { actions?: unknown }>;
}

type Bucket = keyof PlanSummary['addresses'];

function bucketFor(actions: readonly string[]): Bucket | undefined {
  const set = new Set(actions);
  if (set.has('delete') && set.has('create')) return 'replace';
  if (set.has('create')) return 'add';
  if (set.has('update')) return 'change';
  if (set.has('delete')) return 'destroy';
  if (set.has('forget')) return 'forget';
  // no-op and read (data sources) change nothing that lives on.
  return undefined;
}

function actionsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((action): action is string => typeof action === 'string') : [];
}

/** Pure: the counts and addresses behind a plan, as terraform's "Plan: x to add" line would put them. */
export function summarizePlan(planJson: unknown): PlanSummary {
  if (typeof planJson !== 'object' || planJson === null)
    throw new TypeError('a plan must be the JSON object that `terraform show -json <plan>` prints');
  const plan = planJson as PlanJson;
  const addresses: PlanSummary['addresses'] = { add: [], change: [], destroy: [], replace: [], forget: [] };
  for (const resource of plan.resource_changes ?? []) {
    const bucket = bucketFor(actionsOf(resource.change?.actions));
    if (bucket && typeof resource.address === 'string') addresses[bucket].push(resource.address);
  }
  const outputChanges = Object.entries(plan.output_changes ?? {})
    .filter(([, change]) => actionsOf(change.actions).some((action) => action !== 'no-op'))
    .map(([name]) => name);
  const resourceChanges = Object.values(addresses).reduce((total, list) => total + list.length, 0);
  return {
    changed: resourceChanges > 0 || outputChanges.length > 0,
    add: addresses.add.length,
    change: addresses.change.length,
    destroy: addresses.destroy.length,
    replace: addresses.replace.length,
    forget: addresses.forget.length,
    addresses,
    outputChanges,
  };
}
