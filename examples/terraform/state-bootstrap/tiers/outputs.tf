output "environment_tiers" {
  description = "Each environment's tier."
  value       = local.env_tier
}

output "tier_containers" {
  description = "Each tier's container (every tier the environments use, in this account or not)."
  value       = local.tier_container
}

output "containers" {
  description = "The containers this account holds."
  value       = local.containers_here

  precondition {
    condition     = length(local.unknown_tiers) == 0
    error_message = "tiers_in_this_account names tiers no environment uses: ${join(", ", local.unknown_tiers)}."
  }
  precondition {
    condition     = length(local.envs_here) > 0
    error_message = "No environment lives in this account's tiers (${join(", ", local.here)})."
  }
  precondition {
    condition     = length(local.long_container_of) == 0 && alltrue([for name in values(local.tier_container) : can(regex("^[a-z0-9]([a-z0-9]|-[a-z0-9]){2,62}$", name))])
    error_message = "Container names are 3-63 lowercase letters, digits and single hyphens: ${jsonencode(local.tier_container)}."
  }
}

output "environment_containers" {
  description = "The container of each environment this account holds."
  value       = local.env_container
}
