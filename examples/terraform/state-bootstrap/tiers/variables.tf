variable "container_name" {
  description = "backend.container: the main tier's container, and the stem of the others' names."
  type        = string
}

variable "layout" {
  description = "backend.layout: tiered, or single-container (everything in container_name)."
  type        = string
}

variable "tier_containers" {
  description = "backend.tiers.<tier>.container overrides, by tier."
  type        = map(string)
}

variable "tiers_in_this_account" {
  description = "The tiers whose containers this account holds; null for every tier the environments use."
  type        = list(string)
}

variable "environments" {
  description = "The catalog's environments: kind, and optionally safety and tier."
  type = map(object({
    kind   = string
    safety = optional(string)
    tier   = optional(string)
  }))
}
