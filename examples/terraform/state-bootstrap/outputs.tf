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
  value       = azurerm_storage_container.tfstate.name
}

output "storage_account_id" {
  description = "Scope for role assignments (Storage Blob Data Contributor for the pipelines' identity)."
  value       = azurerm_storage_account.state.id
}
