variable "subscription_id" {
  description = "Subscription that holds the state storage account."
  type        = string
}

variable "resource_group_name" {
  description = "Resource group for the state storage account (created here)."
  type        = string
  default     = "rg-terrarium-state"
}

variable "location" {
  description = "Azure region of the account."
  type        = string
  default     = "westeurope"
}

variable "storage_account_name" {
  description = "Globally unique storage account name: 3-24 lowercase letters and digits (backend.storage-account in the catalog)."
  type        = string

  validation {
    condition     = can(regex("^[a-z0-9]{3,24}$", var.storage_account_name))
    error_message = "storage_account_name must be 3-24 lowercase letters and digits."
  }
}

variable "container_name" {
  description = "backend.container in the catalog: the main tier's container (dev, test), and the stem of the other tiers' names."
  type        = string
  default     = "tfstate"
}

variable "layout" {
  description = "backend.layout: tiered (a container per tier, so RBAC can keep the tiers apart) or single-container (every state in container_name, as before tiers)."
  type        = string
  default     = "tiered"

  validation {
    condition     = contains(["tiered", "single-container"], var.layout)
    error_message = "layout is tiered or single-container."
  }
}

variable "tier_containers" {
  description = "backend.tiers.<tier>.container overrides, by tier (default <container_name>-<tier>: tfstate-ephemeral, tfstate-stg, tfstate-prod)."
  type        = map(string)
  default     = {}
}

variable "tiers_in_this_account" {
  description = "The tiers this account holds (null: every tier). A tier with an account of its own (backend.tiers.prod.storage-account) gets a second apply of this module with, e.g., [\"prod\"]."
  type        = list(string)
  default     = null
}

variable "environments" {
  description = "The catalog's environments: kind (long-lived or ephemeral), backup retention in days, and optionally safety and tier, which place them in a tier. Same as environments.yaml."
  type = map(object({
    kind                  = string
    backup_retention_days = number
    safety                = optional(string)
    tier                  = optional(string)
  }))
  default = {
    dev  = { kind = "long-lived", backup_retention_days = 7 }
    test = { kind = "long-lived", backup_retention_days = 7 }
    stg  = { kind = "long-lived", backup_retention_days = 30, safety = "enhanced" }
    prod = { kind = "long-lived", backup_retention_days = 90, safety = "maximum" }
    feat = { kind = "ephemeral", backup_retention_days = 7 }
    perf = { kind = "ephemeral", backup_retention_days = 7 }
  }

  validation {
    condition = alltrue([
      for env in values(var.environments) :
      contains(["long-lived", "ephemeral"], env.kind) && env.backup_retention_days >= 1 && contains(["basic", "enhanced", "maximum"], coalesce(env.safety, "basic"))
    ])
    error_message = "Each environment needs kind long-lived or ephemeral, backup_retention_days of 1 or more, and safety (when set) basic, enhanced or maximum."
  }
}

variable "versions_to_cool_after_days" {
  description = "Previous blob versions move to Cool after this many days, when they then stay there 30 days (Cool's minimum). lifecycle.versions-to-cool-after-days in the catalog."
  type        = number
  default     = 30
}

variable "delete_versions_after_days" {
  description = "Previous blob versions are deleted after this many days. lifecycle.delete-versions-after-days in the catalog."
  type        = number
  default     = 90
}

variable "backups_to_cold_after_days" {
  description = "Backups move from Cool to Cold after this many days, when they then stay there 90 days (Cold's minimum). lifecycle.backups-to-cold-after-days in the catalog."
  type        = number
  default     = 30
}

variable "delete_ephemeral_state_after_days" {
  description = "Backstop: an ephemeral state Terrarium has not renewed this long is deleted by the account itself; longer than every ephemeral ttl. lifecycle.delete-ephemeral-state-after-days in the catalog."
  type        = number
  default     = 30
}

variable "delete_slo_history_after_days" {
  description = "SLO reports kept by report-slo's history (main tier container, slo-history/) are deleted after this many days; kept 60 or more, they move to Cool after 30."
  type        = number
  default     = 90
}

variable "soft_delete_days" {
  description = "How long deleted blobs and containers stay recoverable (1-365)."
  type        = number
  default     = 14
}

variable "change_feed_enabled" {
  description = "Keep a change feed (an audit log of every change); it costs storage."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for the resource group and the account."
  type        = map(string)
  default     = { "managed-by" = "terrarium" }
}
