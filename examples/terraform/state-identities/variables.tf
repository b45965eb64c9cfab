# Checked in ./grants, which holds the rules; here they only pass through.

variable "subscription_id" {
  description = "Subscription that holds the identities' resource group."
  type        = string
}

variable "resource_group_name" {
  description = "An existing resource group for the identities (for example the state account's)."
  type        = string
}

variable "location" {
  description = "Azure region of the identities."
  type        = string
  default     = "westeurope"
}

variable "name_prefix" {
  description = "Identities are named <prefix>-pull-requests, -main, -stg, -prod."
  type        = string
  default     = "id-terrarium"
}

variable "repository" {
  description = "The GitHub repository as owner/name, exactly as GitHub spells it (subjects are compared case-sensitively)."
  type        = string
}

variable "main_branch" {
  description = "The branch whose pushes and schedules run as the main identity."
  type        = string
  default     = "main"
}

variable "main_environments" {
  description = "GitHub environments whose jobs run as the main identity."
  type        = list(string)
  default     = ["dev", "test"]
}

variable "identities" {
  description = "Which tier identities to create: any of pull-requests, main, stg, prod."
  type        = set(string)
  default     = ["pull-requests", "main", "stg", "prod"]
}

variable "storage_account_id" {
  description = "Resource id of the state storage account (the storage_account_id output of state-bootstrap)."
  type        = string
}

variable "tier_storage_account_ids" {
  description = "Tiers kept in an account of their own: ephemeral, stg or prod to a storage account resource id."
  type        = map(string)
  default     = {}
}

variable "containers" {
  description = "Tier containers: main (backend.container), ephemeral, stg, prod; unset ones default to <main>-<tier>."
  type = object({
    main      = optional(string, "tfstate")
    ephemeral = optional(string)
    stg       = optional(string)
    prod      = optional(string)
  })
  default = {}
}

variable "ephemeral_layout" {
  description = "backend.ephemeral-layout: shared-container or container-per-environment."
  type        = string
  default     = "shared-container"
}

variable "sandbox_scopes" {
  description = "Contributor for pull-requests and main: where PR environments are created."
  type        = list(string)
  default     = []
}

variable "dev_test_scopes" {
  description = "Contributor for main: what dev and test manage."
  type        = list(string)
  default     = []
}

variable "stg_scopes" {
  description = "Contributor for stg: what stg manages."
  type        = list(string)
  default     = []
}

variable "prod_scopes" {
  description = "Contributor for prod: what prod manages."
  type        = list(string)
  default     = []
}

variable "tags" {
  description = "Tags for the identities."
  type        = map(string)
  default     = { "managed-by" = "terrarium" }
}
