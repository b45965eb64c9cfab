# Where each environment's state lives, by the rule of the catalog (TIERS.md): ephemeral
# environments in the ephemeral tier, guarded ones (safety enhanced or maximum) in a tier of their
# own name, the rest in main; tier main is backend.container, any other tier T <container>-T.
# No provider: the repository's tests evaluate this with the real terraform binary.
locals {
  safety = {
    for name, env in var.environments :
    name => coalesce(env.safety, name == "prod" ? "maximum" : name == "stg" ? "enhanced" : "basic")
  }
  env_tier = {
    for name, env in var.environments : name => (
      env.tier != null ? env.tier :
      env.kind == "ephemeral" ? "ephemeral" :
      contains(["enhanced", "maximum"], local.safety[name]) ? name : "main"
    )
  }
  tiers_used = distinct(values(local.env_tier))
  tier_container = {
    for tier in local.tiers_used : tier => (
      var.layout == "single-container" || tier == "main" ? var.container_name :
      lookup(var.tier_containers, tier, "${var.container_name}-${tier}")
    )
  }
  here              = var.tiers_in_this_account == null ? local.tiers_used : var.tiers_in_this_account
  envs_here         = [for name, tier in local.env_tier : name if contains(local.here, tier)]
  containers_here   = distinct([for name in local.envs_here : local.tier_container[local.env_tier[name]]])
  env_container     = { for name in local.envs_here : name => local.tier_container[local.env_tier[name]] }
  unknown_tiers     = setsubtract(local.here, local.tiers_used)
  long_container_of = [for tier, name in local.tier_container : "${tier}: ${name}" if length(name) > 63]
}
