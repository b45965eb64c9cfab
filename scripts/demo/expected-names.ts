/** The naming defaults the catalog promises (ARCHITECTURE.md, "Naming"), as the demo checks them. */
export function stateKeyOf(environment: string, instance?: string): string {
  return instance ? `${environment}/${instance}/terraform.tfstate` : `${environment}/terraform.tfstate`;
}
