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
  prefix     = { for name, container in module.tiers.environment_containers : name => "${container}/${name}/" }

  retentions = distinct(sort([for env in values(local.here) : format("%05d", env.backup_retention_days)]))
  # Zero-padded above so the order is numeric; back to numbers here.
  retention_days = [for r in local.retentions : tonumber(r)]
  longest        = max(local.retention_days...)

  # Snapshot rules: one per retention, prefixes of the environments' state folders, at most 10 each.
  snapshot_rules = merge([
    for days in local.retention_days : {
      for i, prefixes in chunklist(sort([for name, env in local.here : local.prefix[name] if env.backup_retention_days == days]), 10) :
      (i == 0 ? "state-snapshots-${days}d" : "state-snapshots-${days}d-${i + 1}") => { days = days, prefixes = prefixes }
    }
  ]...)

  ephemeral_rules = {
    for i, prefixes in chunklist(sort([for name, env in local.here : local.prefix[name] if env.kind == "ephemeral"]), 10) :
    (i == 0 ? "ephemeral-states-backstop" : "ephemeral-states-backstop-${i + 1}") => prefixes
  }
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

# The same rules as `terrarium policy` generates from the catalog (generateManagementPolicy).
resource "azurerm_storage_management_policy" "state" {
  storage_account_id = azurerm_storage_account.state.id

  rule {
    name    = "state-versions"
    enabled = true
    filters {
      blob_types   = ["blockBlob"]
      prefix_match = [for container in local.containers : "${container}/"]
    }
    actions {
      version {
        change_tier_to_cool_after_days_since_creation = var.versions_to_cool_after_days
        delete_after_days_since_creation              = var.delete_versions_after_days
      }
    }
  }

  dynamic "rule" {
    for_each = local.snapshot_rules
    content {
      name    = rule.key
      enabled = true
      filters {
        blob_types   = ["blockBlob"]
        prefix_match = rule.value.prefixes
      }
      actions {
        snapshot {
          delete_after_days_since_creation_greater_than = rule.value.days
        }
      }
    }
  }

  # Backups carry blob index tags terrarium=backup and retention-days=<n>.
  dynamic "rule" {
    for_each = toset(local.retention_days)
    content {
      name    = "backups-${rule.value}d"
      enabled = true
      filters {
        blob_types   = ["blockBlob"]
        prefix_match = [for container in local.containers : "${container}/backups/"]
        match_blob_index_tag {
          name      = "terrarium"
          operation = "=="
          value     = "backup"
        }
        match_blob_index_tag {
          name      = "retention-days"
          operation = "=="
          value     = tostring(rule.value)
        }
      }
      actions {
        base_blob {
          tier_to_cool_after_days_since_modification_greater_than = 0
          tier_to_cold_after_days_since_modification_greater_than = var.backups_to_cold_after_days > 0 && var.backups_to_cold_after_days < rule.value ? var.backups_to_cold_after_days : null
          delete_after_days_since_modification_greater_than       = rule.value
        }
      }
    }
  }

  # Backups without a retention tag go after the longest retention.
  rule {
    name    = "backups-backstop"
    enabled = true
    filters {
      blob_types   = ["blockBlob"]
      prefix_match = [for container in local.containers : "${container}/backups/"]
    }
    actions {
      base_blob {
        tier_to_cool_after_days_since_modification_greater_than = 0
        tier_to_cold_after_days_since_modification_greater_than = var.backups_to_cold_after_days > 0 && var.backups_to_cold_after_days < local.longest ? var.backups_to_cold_after_days : null
        delete_after_days_since_modification_greater_than       = local.longest
      }
    }
  }

  dynamic "rule" {
    for_each = local.ephemeral_rules
    content {
      name    = rule.key
      enabled = true
      filters {
        blob_types   = ["blockBlob"]
        prefix_match = rule.value
      }
      actions {
        base_blob {
          delete_after_days_since_modification_greater_than = var.delete_ephemeral_state_after_days
        }
        snapshot {
          delete_after_days_since_creation_greater_than = var.delete_ephemeral_state_after_days
        }
      }
    }
  }

  # Kept SLO reports live in the main tier's container, tagged terrarium=slo-history: the tag keeps
  # the rule off the states of an environment that happens to be named slo-history. Cool only when
  # they then stay there Cool's 30-day minimum.
  dynamic "rule" {
    for_each = contains(local.containers, var.container_name) ? [var.container_name] : []
    content {
      name    = "slo-history"
      enabled = true
      filters {
        blob_types   = ["blockBlob"]
        prefix_match = ["${rule.value}/slo-history/"]
        match_blob_index_tag {
          name      = "terrarium"
          operation = "=="
          value     = "slo-history"
        }
      }
      actions {
        base_blob {
          tier_to_cool_after_days_since_modification_greater_than = var.delete_slo_history_after_days - 30 >= 30 ? 30 : null
          delete_after_days_since_modification_greater_than       = var.delete_slo_history_after_days
        }
      }
    }
  }
}
