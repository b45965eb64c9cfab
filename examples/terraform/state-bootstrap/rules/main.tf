# The lifecycle rules `terrarium policy` generates (packages/state/src/policy), in the shape of the
# management policy's JSON, computed without a provider: the repository's tests run this module
# with the real terraform binary and compare its rules with the generator's.
locals {
  # Zero-padded so the order is numeric, then back to numbers.
  retentions = [for r in distinct(sort([for env in values(var.environments) : format("%05d", env.backup_retention_days)])) : tonumber(r)]
  longest    = max(local.retentions...)

  state_folder  = { for name, env in var.environments : name => "${env.container}/${name}/" }
  backup_folder = { for name, env in var.environments : name => "${env.container}/backups/${name}${env.kind == "ephemeral" ? "-" : "/"}" }
  backups       = [for container in var.containers : "${container}/backups/"]
  ephemeral     = sort([for name, env in var.environments : local.state_folder[name] if env.kind == "ephemeral"])

  # A tier bills its minimum days (Cool 30, Cold 90) even to a blob that leaves sooner.
  versions_cool = var.delete_versions_after_days - var.versions_to_cool_after_days >= 30

  state_versions = [
    for i, prefixes in chunklist([for container in var.containers : "${container}/"], 10) : {
      name = i == 0 ? "state-versions" : "state-versions-${i + 1}"
      definition = {
        filters = { blobTypes = ["blockBlob"], prefixMatch = prefixes }
        actions = {
          version = merge(concat(
            [for on in local.versions_cool ? [1] : [] : { tierToCool = { daysAfterCreationGreaterThan = var.versions_to_cool_after_days } }],
            [{ delete = { daysAfterCreationGreaterThan = var.delete_versions_after_days } }],
          )...)
        }
      }
    }
  ]

  state_snapshots = flatten([
    for days in local.retentions : [
      for i, prefixes in chunklist(sort([for name, env in var.environments : local.state_folder[name] if env.backup_retention_days == days]), 10) : {
        name = i == 0 ? "state-snapshots-${days}d" : "state-snapshots-${days}d-${i + 1}"
        definition = {
          filters = { blobTypes = ["blockBlob"], prefixMatch = prefixes }
          actions = { snapshot = { delete = { daysAfterCreationGreaterThan = days } } }
        }
      }
    ]
  ])

  # Backups: Cool from the start when kept 30 days or more, Cold only with 90 days left there.
  tagged_backups = flatten([
    for days in local.retentions : [
      for i, prefixes in chunklist(local.backups, 10) : {
        name = i == 0 ? "backups-${days}d" : "backups-${days}d-${i + 1}"
        definition = {
          filters = {
            blobTypes   = ["blockBlob"]
            prefixMatch = prefixes
            blobIndexMatch = [
              { name = "terrarium", op = "==", value = "backup" },
              { name = "retention-days", op = "==", value = tostring(days) },
            ]
          }
          actions = {
            baseBlob = merge(concat(
              [for on in days >= 30 ? [1] : [] : { tierToCool = { daysAfterModificationGreaterThan = 0 } }],
              [for on in var.backups_to_cold_after_days >= 30 && days - var.backups_to_cold_after_days >= 90 ? [1] : [] : { tierToCold = { daysAfterModificationGreaterThan = var.backups_to_cold_after_days } }],
              [{ delete = { daysAfterModificationGreaterThan = days } }],
            )...)
          }
        }
      }
    ]
  ])

  # A deleted backup lives on as a previous version, which no tag filter selects: by folder.
  backup_versions = flatten([
    for days in local.retentions : [
      for i, prefixes in chunklist(sort([for name, env in var.environments : local.backup_folder[name] if env.backup_retention_days == days]), 10) : {
        name = i == 0 ? "backup-versions-${days}d" : "backup-versions-${days}d-${i + 1}"
        definition = {
          filters = { blobTypes = ["blockBlob"], prefixMatch = prefixes }
          actions = { version = { delete = { daysAfterCreationGreaterThan = days } } }
        }
      }
    ]
  ])

  backups_backstop = [
    for i, prefixes in chunklist(local.backups, 10) : {
      name = i == 0 ? "backups-backstop" : "backups-backstop-${i + 1}"
      definition = {
        filters = { blobTypes = ["blockBlob"], prefixMatch = prefixes }
        actions = {
          baseBlob = { delete = { daysAfterModificationGreaterThan = local.longest } }
          version  = { delete = { daysAfterCreationGreaterThan = local.longest } }
        }
      }
    }
  ]

  # Only states Terrarium tagged when it renewed them; their versions and snapshots by folder.
  ephemeral_backstop = [
    for i, prefixes in chunklist(local.ephemeral, 10) : {
      name = i == 0 ? "ephemeral-states-backstop" : "ephemeral-states-backstop-${i + 1}"
      definition = {
        filters = {
          blobTypes      = ["blockBlob"]
          prefixMatch    = prefixes
          blobIndexMatch = [{ name = "terrarium", op = "==", value = "state" }]
        }
        actions = { baseBlob = { delete = { daysAfterModificationGreaterThan = var.delete_ephemeral_state_after_days } } }
      }
    }
  ]
  ephemeral_history = [
    for i, prefixes in chunklist(local.ephemeral, 10) : {
      name = i == 0 ? "ephemeral-states-history" : "ephemeral-states-history-${i + 1}"
      definition = {
        filters = { blobTypes = ["blockBlob"], prefixMatch = prefixes }
        actions = {
          version  = { delete = { daysAfterCreationGreaterThan = var.delete_ephemeral_state_after_days } }
          snapshot = { delete = { daysAfterCreationGreaterThan = var.delete_ephemeral_state_after_days } }
        }
      }
    }
  ]

  # Kept SLO reports, tagged terrarium=slo-history (the tag keeps the rule off an environment
  # named slo-history); Cool after 30 days only when they then stay there 30. Their previous
  # versions by folder, after the same days.
  slo_history = [
    for container in var.main_container == null ? [] : [var.main_container] : {
      name = "slo-history"
      definition = {
        filters = {
          blobTypes      = ["blockBlob"]
          prefixMatch    = ["${container}/slo-history/"]
          blobIndexMatch = [{ name = "terrarium", op = "==", value = "slo-history" }]
        }
        actions = {
          baseBlob = merge(concat(
            [for on in var.delete_slo_history_after_days - 30 >= 30 ? [1] : [] : { tierToCool = { daysAfterModificationGreaterThan = 30 } }],
            [{ delete = { daysAfterModificationGreaterThan = var.delete_slo_history_after_days } }],
          )...)
        }
      }
    }
  ]
  slo_history_versions = [
    for container in var.main_container == null ? [] : [var.main_container] : {
      name = "slo-history-versions"
      definition = {
        filters = { blobTypes = ["blockBlob"], prefixMatch = ["${container}/slo-history/"] }
        actions = { version = { delete = { daysAfterCreationGreaterThan = var.delete_slo_history_after_days } } }
      }
    }
  ]
}
