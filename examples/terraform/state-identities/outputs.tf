output "client_ids" {
  description = "Each identity's client id, by identity (pull-requests, main, stg, prod)."
  value       = { for key, identity in azurerm_user_assigned_identity.tier : key => identity.client_id }
}

output "principal_ids" {
  description = "Each identity's principal (object) id, for further role assignments."
  value       = { for key, identity in azurerm_user_assigned_identity.tier : key => identity.principal_id }
}

output "tenant_id" {
  description = "AZURE_TENANT_ID for the repository variables."
  value       = one(distinct([for identity in azurerm_user_assigned_identity.tier : identity.tenant_id]))
}

output "github_repository_variables" {
  description = "Repository variables to set (name => value): the identities that run without a GitHub environment, and the tenant."
  value = merge(
    { for key, spec in module.grants.identities : spec.variable => azurerm_user_assigned_identity.tier[key].client_id if spec.environment == null },
    { AZURE_TENANT_ID = one(distinct([for identity in azurerm_user_assigned_identity.tier : identity.tenant_id])) },
  )
}

output "github_environment_variables" {
  description = "Environment variables to set, by GitHub environment (stg, prod): each environment's identity, visible to its jobs only."
  value = {
    for key, spec in module.grants.identities : spec.environment => {
      (spec.variable) = azurerm_user_assigned_identity.tier[key].client_id
    } if spec.environment != null
  }
}

output "federated_subjects" {
  description = "The OIDC subjects each identity trusts."
  value       = { for key, spec in module.grants.identities : key => spec.subjects }
}

output "containers" {
  description = "Each tier's container: backend.container (main) and backend.tiers.<tier>.container in environments.yaml."
  value       = module.grants.containers
}

output "role_assignments" {
  description = "Every role assignment made: identity, role, scope and condition."
  value       = module.grants.role_assignments
}
