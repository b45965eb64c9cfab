output "rules" {
  description = "The lifecycle rules, in the order and shape of the management policy's JSON (enabled, of type Lifecycle)."
  value = [
    for rule in concat(
      local.state_versions,
      local.state_snapshots,
      local.tagged_backups,
      local.backup_versions,
      local.backups_backstop,
      local.ephemeral_backstop,
      local.ephemeral_history,
      local.slo_history,
      local.slo_history_versions,
    ) : merge({ enabled = true, type = "Lifecycle" }, rule)
  ]
}
