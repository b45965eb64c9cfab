# Identity variables Terrarium passes for every environment.
variable "environment" {
  type = string
}

variable "environment_id" {
  type = string
}

variable "instance" {
  type    = string
  default = ""
}

variable "branch" {
  type    = string
  default = ""
}

variable "pr_number" {
  type    = string
  default = ""
}

variable "expires_at" {
  type    = string
  default = ""
}

variable "tags" {
  type    = map(string)
  default = {}
}

# Scaling parameters (perf environments).
variable "scaling" {
  type    = map(any)
  default = {}
}

# App-like knobs.
variable "location" {
  type    = string
  default = "westeurope"
}

variable "app_sku" {
  type    = string
  default = "B1"
}

variable "database_sku" {
  type    = string
  default = "Basic"
}

variable "database_password" {
  type      = string
  sensitive = true
  default   = "not-a-real-password"
}

# Test knobs: hold the lock during apply, or make destroy fail on purpose.
variable "sleep_seconds" {
  description = "Seconds the app service's provisioner sleeps during create, holding the state lock."
  type        = number
  default     = 0
}

variable "fail_on_destroy" {
  description = "Makes destroying the database fail. Destroy-time provisioners read the state, so apply it as true first."
  type        = bool
  default     = false
}
