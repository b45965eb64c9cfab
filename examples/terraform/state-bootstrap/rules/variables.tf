variable "containers" {
  description = "The containers this account holds (one per tier)."
  type        = list(string)
}

variable "environments" {
  description = "The environments this account holds: kind, backup retention in days, and the container of their states, records and backups."
  type = map(object({
    kind                  = string
    backup_retention_days = number
    container             = string
  }))
}

variable "versions_to_cool_after_days" {
  description = "Previous versions move to Cool after this many days, when they then stay there 30 days."
  type        = number
}

variable "delete_versions_after_days" {
  description = "Previous versions are deleted after this many days."
  type        = number
}

variable "backups_to_cold_after_days" {
  description = "Backups move from Cool to Cold after this many days, when they then stay there 90 days."
  type        = number
}

variable "delete_ephemeral_state_after_days" {
  description = "Backstop: an ephemeral state untouched (not renewed by Terrarium) this long is deleted."
  type        = number
}

variable "main_container" {
  description = "The main tier's container, where report-slo keeps SLO reports (slo-history/); null when this account does not hold it."
  type        = string
  default     = null
}

variable "delete_slo_history_after_days" {
  description = "Kept SLO reports are deleted after this many days; kept 60 or more, they move to Cool after 30."
  type        = number
  default     = 90
}
