output "identities" {
  description = "Per identity: its federated subjects, the GitHub variable that carries its client id, and the GitHub environment that variable belongs to (null: a repository variable)."
  value = {
    for key, spec in local.identities : key => {
      subjects    = spec.subjects
      variable    = spec.variable
      environment = spec.environment
      description = spec.description
    }
  }
}

output "federated_credentials" {
  description = "One federated identity credential per subject."
  value = merge([
    for key, spec in local.identities : {
      for subject in spec.subjects : "${key}/${subject}" => {
        identity = key
        name     = substr("github-${replace(trimprefix(subject, "${local.subject}:"), "/[^A-Za-z0-9]+/", "-")}", 0, 120)
        subject  = subject
        issuer   = local.oidc_issuer
        audience = [local.oidc_audience]
      }
    }
  ]...)
}

output "roles" {
  description = "The custom roles the grants use, by key: control-plane actions and data actions."
  value       = local.roles
}

output "role_assignments" {
  description = "Every role assignment, by a stable key: identity, role (a key of roles, or Contributor), scope, tier and ABAC condition (or null)."
  value       = merge(local.data_grants, local.ephemeral_container_grants, local.contributor_grants)

  precondition {
    condition     = length(local.scope_overlaps) == 0
    error_message = "A lower tier's management scope reaches a higher tier's: ${join("; ", local.scope_overlaps)}. Give each tier its own resource group or subscription."
  }
  precondition {
    condition     = alltrue([for scope in local.all_scopes : can(regex("^/(subscriptions/[0-9a-fA-F-]{36}(/resourceGroups/[^/]+)?|providers/Microsoft.Management/managementGroups/[^/]+)$", scope))])
    error_message = "Management scopes are subscription, resource group or management group ids (/subscriptions/<guid>[/resourceGroups/<name>])."
  }
  precondition {
    condition     = length(distinct([for tier, name in local.container : "${local.account[tier]}/${name}"])) == 4
    error_message = "Two tiers share a container (${jsonencode(local.container)}): each tier needs its own, or RBAC cannot keep them apart."
  }
  precondition {
    condition     = var.ephemeral_layout != "container-per-environment" || length(local.ephemeral_shares_account) == 0
    error_message = "container-per-environment lets the ephemeral tier's identities create and delete containers anywhere in its account (no condition can narrow that), and that account also holds the tiers ${join(", ", local.ephemeral_shares_account)}. Give the ephemeral tier an account of its own (tier_storage_account_ids.ephemeral), or use shared-container."
  }
}

output "containers" {
  description = "Each tier's container name."
  value       = local.container
}

output "container_scopes" {
  description = "Each tier's container resource id (the scope of its data role)."
  value       = local.container_scope
}

output "storage_account_ids" {
  description = "Every storage account the tiers use (the custom roles' assignable scopes come from these)."
  value       = distinct(values(local.account))
}
