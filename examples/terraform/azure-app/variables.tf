# Identity variables Terrarium hands every run (see README, "The environment catalog").
variable "environment" {
  description = "Catalog environment name: dev, test, stg, prod, feat or perf."
  type        = string
}

variable "environment_id" {
  description = "Unique id of this environment instance, e.g. feat-pr-123; safe in resource names."
  type        = string
}

variable "instance" {
  description = "Instance of an ephemeral environment (pr-123, run-987), null for long-lived ones."
  type        = string
  default     = null
}

variable "branch" {
  description = "Branch the run is for (sanitised by Terrarium)."
  type        = string
  default     = null
}

variable "pr_number" {
  description = "Pull request number for feat environments."
  type        = number
  default     = null
}

variable "expires_at" {
  description = "When an ephemeral environment expires (ISO 8601); the sweeper tears it down after."
  type        = string
  default     = null
}

variable "tags" {
  description = "Tags Terrarium derives (managed-by, terrarium-env-id, expiry...); the sweeper finds orphans by them."
  type        = map(string)
  default     = {}
}

variable "scaling" {
  description = "Scaling parameters from the catalog or the vars input (perf): replicas, sku."
  type        = map(string)
  default     = {}
}

variable "location" {
  description = "Azure region."
  type        = string
  default     = "westeurope"
}
