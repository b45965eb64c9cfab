/** The parts of `terraform show -json` (no plan file: the current state) that Terrarium reads. */
export interface StateJson {
  format_version?: string;
  terraform_version?: string;
  values?: { root_module?: ModuleJson; outputs?: Record<string, unknown> };
}

export interface ModuleJson {
  address?: string;
  resources?: { address: string; mode: 'managed' | 'data'; type: string; name: string }[];
  child_modules?: ModuleJson[];
}

/** Addresses of the managed resources in a state, through every child module. Data sources hold nothing. */
export function managedResourceAddresses(state: StateJson): string[] {
  const addresses: string[] = [];
  const visit = (module: ModuleJson | undefined): void => {
    if (!module) return;
    for (const resource of module.resources ?? [])
      if (resource.mode === 'managed') addresses.push(resource.address);
    for (const child of module.child_modules ?? []) visit(child);
  };
  visit(state.values?.root_module);
  return addresses;
}
