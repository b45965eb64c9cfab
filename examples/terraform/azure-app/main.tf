# A realistic root module for an LLM-backed web app: one resource group per environment
# instance (so teardown and the orphan sweep work on a single, tagged unit), a Linux App
# Service scaled by the perf parameters, and Application Insights for the SLO readers.

locals {
  name     = var.environment_id
  sku      = lookup(var.scaling, "sku", var.environment == "prod" ? "P1v3" : "B1")
  replicas = tonumber(lookup(var.scaling, "replicas", "1"))
}

resource "azurerm_resource_group" "env" {
  name     = "rg-${local.name}"
  location = var.location
  tags     = var.tags
}

resource "azurerm_log_analytics_workspace" "env" {
  name                = "log-${local.name}"
  location            = azurerm_resource_group.env.location
  resource_group_name = azurerm_resource_group.env.name
  sku                 = "PerGB2018"
  retention_in_days   = var.instance == null ? 30 : 7
  tags                = var.tags
}

resource "azurerm_application_insights" "env" {
  name                = "appi-${local.name}"
  location            = azurerm_resource_group.env.location
  resource_group_name = azurerm_resource_group.env.name
  workspace_id        = azurerm_log_analytics_workspace.env.id
  application_type    = "web"
  tags                = var.tags
}

resource "azurerm_service_plan" "env" {
  name                = "asp-${local.name}"
  location            = azurerm_resource_group.env.location
  resource_group_name = azurerm_resource_group.env.name
  os_type             = "Linux"
  sku_name            = local.sku
  worker_count        = local.replicas
  tags                = var.tags
}

resource "azurerm_linux_web_app" "env" {
  name                = "app-${local.name}"
  location            = azurerm_resource_group.env.location
  resource_group_name = azurerm_resource_group.env.name
  service_plan_id     = azurerm_service_plan.env.id
  https_only          = true
  tags                = var.tags

  site_config {
    minimum_tls_version = "1.2"
    always_on           = local.sku != "B1"

    application_stack {
      node_version = "20-lts"
    }
  }

  app_settings = {
    APPLICATIONINSIGHTS_CONNECTION_STRING = azurerm_application_insights.env.connection_string
    TERRARIUM_ENVIRONMENT                 = var.environment_id
  }
}
