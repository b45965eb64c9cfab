# A root module made only of built-in terraform_data: it needs no provider download and
# runs offline, yet looks like an app (resource group, app service, database) so plans
# and states have something realistic to show.
terraform {
  required_version = ">= 1.4"
  # Left empty: Terrarium generates the backend configuration at init.
  backend "azurerm" {}
}

locals {
  name = "app-${var.environment_id}"
  tags = merge(var.tags, { "terrarium-env-id" = var.environment_id })
}

resource "terraform_data" "resource_group" {
  input = {
    name     = "rg-${var.environment_id}"
    location = var.location
    tags     = local.tags
  }
}

resource "terraform_data" "app_service" {
  # A new SKU means a new app service, as in Azure: a plan shows it as a replacement.
  triggers_replace = [var.app_sku]

  input = {
    name           = local.name
    resource_group = terraform_data.resource_group.output.name
    sku            = var.app_sku
    instances      = tostring(lookup(var.scaling, "instances", 1))
    branch         = var.branch
    pr_number      = var.pr_number
  }

  # Holds the state lock for a while during apply, so tests can race a second run.
  provisioner "local-exec" {
    command = "sleep ${var.sleep_seconds}"
  }
}

resource "terraform_data" "database" {
  input = {
    name           = "db-${var.environment_id}"
    resource_group = terraform_data.resource_group.output.name
    sku            = var.database_sku
    expires_at     = var.expires_at
    # A destroy-time provisioner may only reference self, so the flag travels in input.
    fail_on_destroy = var.fail_on_destroy
  }

  provisioner "local-exec" {
    when       = destroy
    command    = self.input.fail_on_destroy ? "echo 'refusing to destroy the database' >&2; exit 1" : "true"
    on_failure = fail
  }
}
