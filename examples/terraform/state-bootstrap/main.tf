module "tiers" {
  source = "./tiers"

  container_name        = var.container_name
  layout                = var.layout
  tier_containers       = var.tier_containers
  tiers_in_this_account = var.tiers_in_this_account
  environments          = { for name, env in var.environments : name => { kind = env.kind, safety = env.safety, tier = env.tier } }
}

locals {
  # The environments whose states this account holds, and the container of each.
  here       = { for name, env in var.environments : name => env if contains(keys(module.tiers.environment_containers), name) }
  containers = module.tiers.containers
}

# The rules `terrarium policy` generates from the catalog (generateManagementPolicy), computed
# without a provider so the repository's tests compare the two with the real terraform binary.
module "rules" {
  source = "./rules"

  containers = local.containers
  environments = {
    for name, env in local.here : name => {
      kind                  = env.kind
      backup_retention_days = env.backup_retention_days
      container             = module.tiers.environment_containers[name]
    }
  }
  versions_to_cool_after_days       = var.versions_to_cool_after_days
  delete_versions_after_days        = var.delete_versions_after_days
  backups_to_cold_after_days        = var.backups_to_cold_after_days
  delete_ephemeral_state_after_days = var.delete_ephemeral_state_after_days
  # Kept SLO reports live in the main tier's container, when this account holds it.
  main_container                = contains(local.containers, var.container_name) ? var.container_name : null
  delete_slo_history_after_days = var.delete_slo_history_after_days
}

resource "azurerm_resource_group" "state" {
  name     = var.resource_group_name
  location = var.location
  tags     = var.tags
}

resource "azurerm_storage_account" "state" {
  name                     = var.storage_account_name
  resource_group_name      = azurerm_resource_group.state.name
  location                 = azurerm_resource_group.state.location
  account_kind             = "StorageV2"
  account_tier             = "Standard"
  account_replication_type = "LRS"

  min_tls_version                 = "TLS1_2"
  https_traffic_only_enabled      = true
  allow_nested_items_to_be_public = false

  blob_properties {
    versioning_enabled  = true
    change_feed_enabled = var.change_feed_enabled

    delete_retention_policy {
      days = var.soft_delete_days
    }

    container_delete_retention_policy {
      days = var.soft_delete_days
    }
  }

  tags = var.tags
}

# One container per tier this account holds (tfstate, tfstate-ephemeral, tfstate-stg, tfstate-prod
# by default): a role scoped to one of them reaches nothing else.
resource "azurerm_storage_container" "tier" {
  for_each = toset(local.containers)

  name                  = each.key
  storage_account_id    = azurerm_storage_account.state.id
  container_access_type = "private"

  # A state container holds every state, record and backup of its tier.
  lifecycle {
    prevent_destroy = true
  }
}

# The single container of earlier versions is the main tier's: keep it, do not replace it.
moved {
  from = azurerm_storage_container.tfstate
  to   = azurerm_storage_container.tier["tfstate"]
}

# The rules of ./rules, each written as the provider spells it.
resource "azurerm_storage_management_policy" "state" {
  storage_account_id = azurerm_storage_account.state.id

  dynamic "rule" {
    for_each = module.rules.rules
    content {
      name    = rule.value.name
      enabled = rule.value.enabled
      filters {
        blob_types   = rule.value.definition.filters.blobTypes
        prefix_match = rule.value.definition.filters.prefixMatch
        dynamic "match_blob_index_tag" {
          for_each = try(rule.value.definition.filters.blobIndexMatch, [])
          content {
            name      = match_blob_index_tag.value.name
            operation = match_blob_index_tag.value.op
            value     = match_blob_index_tag.value.value
          }
        }
      }
      actions {
        dynamic "base_blob" {
          for_each = try([rule.value.definition.actions.baseBlob], [])
          content {
            tier_to_cool_after_days_since_modification_greater_than = try(base_blob.value.tierToCool.daysAfterModificationGreaterThan, null)
            tier_to_cold_after_days_since_modification_greater_than = try(base_blob.value.tierToCold.daysAfterModificationGreaterThan, null)
            delete_after_days_since_modification_greater_than       = try(base_blob.value.delete.daysAfterModificationGreaterThan, null)
          }
        }
        dynamic "snapshot" {
          for_each = try([rule.value.definition.actions.snapshot], [])
          content {
            delete_after_days_since_creation_greater_than = try(snapshot.value.delete.daysAfterCreationGreaterThan, null)
          }
        }
        dynamic "version" {
          for_each = try([rule.value.definition.actions.version], [])
          content {
            change_tier_to_cool_after_days_since_creation = try(version.value.tierToCool.daysAfterCreationGreaterThan, null)
            delete_after_days_since_creation              = try(version.value.delete.daysAfterCreationGreaterThan, null)
          }
        }
      }
    }
  }
}
