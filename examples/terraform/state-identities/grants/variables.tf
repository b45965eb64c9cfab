variable "repository" {
  description = "The GitHub repository as owner/name, exactly as GitHub spells it (OIDC subjects are compared case-sensitively)."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", var.repository))
    error_message = "repository must be owner/name (for example contoso/platform), without https://github.com/ or .git."
  }
}

variable "main_branch" {
  description = "The branch whose pushes and schedules run as the main identity."
  type        = string
  default     = "main"

  validation {
    condition     = can(regex("^[A-Za-z0-9._/-]+$", var.main_branch)) && !startswith(var.main_branch, "refs/")
    error_message = "main_branch is a branch name such as main (without refs/heads/)."
  }
}

variable "main_environments" {
  description = "GitHub environments whose jobs run as the main identity (the long-lived basic environments)."
  type        = list(string)
  default     = ["dev", "test"]

  validation {
    condition     = alltrue([for name in var.main_environments : !contains(["stg", "prod"], name)])
    error_message = "main_environments must not name stg or prod: those have identities of their own."
  }
}

variable "identities" {
  description = "Which tier identities to create: any of pull-requests, main, stg, prod."
  type        = set(string)
  default     = ["pull-requests", "main", "stg", "prod"]

  validation {
    condition     = length(setsubtract(var.identities, ["pull-requests", "main", "stg", "prod"])) == 0
    error_message = "identities may only hold pull-requests, main, stg and prod."
  }
}

variable "storage_account_id" {
  description = "Resource id of the state storage account (every tier's account unless tier_storage_account_ids says otherwise)."
  type        = string

  validation {
    condition     = can(regex("^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[^/]+/providers/Microsoft.Storage/storageAccounts/[a-z0-9]{3,24}$", var.storage_account_id))
    error_message = "storage_account_id must be a storage account's resource id: /subscriptions/<guid>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<name>."
  }
}

variable "tier_storage_account_ids" {
  description = "A tier whose containers live in an account of their own (backend.tiers.<tier>.storage-account in the catalog): ephemeral, stg or prod to a storage account resource id."
  type        = map(string)
  default     = {}

  validation {
    condition = alltrue([
      for tier, id in var.tier_storage_account_ids :
      contains(["ephemeral", "stg", "prod"], tier) && can(regex("^/subscriptions/[0-9a-fA-F-]{36}/resourceGroups/[^/]+/providers/Microsoft.Storage/storageAccounts/[a-z0-9]{3,24}$", id))
    ])
    error_message = "tier_storage_account_ids keys are ephemeral, stg or prod, and each value a storage account resource id."
  }
}

variable "containers" {
  description = "Each tier's container, as in the catalog: main is backend.container, the others backend.tiers.<tier>.container."
  type = object({
    main      = optional(string, "tfstate")
    ephemeral = optional(string)
    stg       = optional(string)
    prod      = optional(string)
  })
  default = {}

  validation {
    condition = alltrue([
      for name in values(var.containers) :
      name == null || can(regex("^[a-z0-9]([a-z0-9]|-[a-z0-9]){2,62}$", name))
    ])
    error_message = "Container names are 3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit."
  }
}

variable "ephemeral_layout" {
  description = "backend.ephemeral-layout: shared-container, or container-per-environment (temporary containers <ephemeral container>-<env-id>)."
  type        = string
  default     = "shared-container"

  validation {
    condition     = contains(["shared-container", "container-per-environment"], var.ephemeral_layout)
    error_message = "ephemeral_layout is shared-container or container-per-environment."
  }
}

variable "sandbox_scopes" {
  description = "Where pull-request environments are created (a sandbox resource group or subscription): Contributor for pull-requests, and for main (the sweep deletes orphans there)."
  type        = list(string)
  default     = []
}

variable "dev_test_scopes" {
  description = "What dev and test manage: Contributor for main."
  type        = list(string)
  default     = []
}

variable "stg_scopes" {
  description = "What stg manages: Contributor for stg."
  type        = list(string)
  default     = []
}

variable "prod_scopes" {
  description = "What prod manages: Contributor for prod, and for nothing else."
  type        = list(string)
  default     = []
}
