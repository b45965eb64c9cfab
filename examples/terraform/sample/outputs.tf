output "environment_url" {
  value = "https://${var.environment_id}.example.test"
}

output "resource_group" {
  value = terraform_data.resource_group.output.name
}

output "database_connection_string" {
  value     = "Server=${terraform_data.database.output.name};Password=${var.database_password}"
  sensitive = true
}
