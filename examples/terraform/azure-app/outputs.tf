output "environment_url" {
  description = "Terrarium reads this output as the environment's URL (deployment, PR comment)."
  value       = "https://${azurerm_linux_web_app.env.default_hostname}"
}

output "resource_group" {
  value = azurerm_resource_group.env.name
}

output "app_insights_app_id" {
  description = "For report-slo's Application Insights reader."
  value       = azurerm_application_insights.env.app_id
}

output "app_insights_connection_string" {
  value     = azurerm_application_insights.env.connection_string
  sensitive = true
}
