output "storage_account_name" {
  description = "backend.storage-account for environments.yaml."
  value       = azurerm_storage_account.state.name
}

output "resource_group_name" {
  description = "backend.resource-group for environments.yaml."
  value       = azurerm_resource_group.state.name
}

output "container_name" {
  description = "backend.container for environments.yaml."
  value       = var.container_name
}

output "tier_containers" {
  description = "Each tier's container (backend.tiers.<tier>.container when not the default), for the state-identities module."
  value       = module.tiers.tier_containers
}

output "containers" {
  description = "The containers created in this account."
  value       = [for container in azurerm_storage_container.tier : container.name]
}

output "storage_account_id" {
  description = "storage_account_id for the state-identities module, which grants each tier's identity its container."
  value       = azurerm_storage_account.state.id
}
