# One user-assigned identity per tier, federated for exactly the GitHub OIDC subjects of that
# tier, with roles on exactly that tier's container(s) and management scope. What goes where is
# decided in ./grants (no provider, tested offline); this file only turns it into resources.
module "grants" {
  source = "./grants"

  repository               = var.repository
  main_branch              = var.main_branch
  main_environments        = var.main_environments
  identities               = var.identities
  storage_account_id       = var.storage_account_id
  tier_storage_account_ids = var.tier_storage_account_ids
  containers               = var.containers
  ephemeral_layout         = var.ephemeral_layout
  sandbox_scopes           = var.sandbox_scopes
  dev_test_scopes          = var.dev_test_scopes
  stg_scopes               = var.stg_scopes
  prod_scopes              = var.prod_scopes
}

locals {
  # Custom roles are defined per subscription that holds a tier's account.
  subscriptions = distinct([for id in module.grants.storage_account_ids : join("/", slice(split("/", id), 0, 3))])
  role_names = {
    terrarium-tier                 = "Terrarium state tier (${var.repository})"
    terrarium-ephemeral-containers = "Terrarium ephemeral containers (${var.repository})"
  }
  # Only the roles some assignment uses.
  roles_used = toset([for grant in values(module.grants.role_assignments) : grant.role if grant.role != "Contributor"])
}

resource "azurerm_user_assigned_identity" "tier" {
  for_each = module.grants.identities

  name                = "${var.name_prefix}-${each.key}"
  resource_group_name = var.resource_group_name
  location            = var.location
  tags                = merge(var.tags, { "terrarium-repository" = var.repository, "terrarium-identity" = each.key })
}

resource "azurerm_federated_identity_credential" "github" {
  for_each = module.grants.federated_credentials

  name                = each.value.name
  resource_group_name = var.resource_group_name
  parent_id           = azurerm_user_assigned_identity.tier[each.value.identity].id
  issuer              = each.value.issuer
  audience            = each.value.audience
  subject             = each.value.subject
}

resource "azurerm_role_definition" "state" {
  for_each = local.roles_used

  name              = local.role_names[each.key]
  scope             = local.subscriptions[0]
  description       = "Terrarium: what ${var.repository}'s workflows need in a state tier's container, and no more."
  assignable_scopes = local.subscriptions

  permissions {
    actions      = module.grants.roles[each.key].actions
    data_actions = module.grants.roles[each.key].data_actions
  }
}

resource "azurerm_role_assignment" "grant" {
  for_each = module.grants.role_assignments

  scope                            = each.value.scope
  role_definition_name             = each.value.role == "Contributor" ? "Contributor" : null
  role_definition_id               = each.value.role == "Contributor" ? null : azurerm_role_definition.state[each.value.role].role_definition_resource_id
  principal_id                     = azurerm_user_assigned_identity.tier[each.value.identity].principal_id
  principal_type                   = "ServicePrincipal"
  skip_service_principal_aad_check = true
  condition                        = each.value.condition
  condition_version                = each.value.condition == null ? null : "2.0"
  description                      = "Terrarium ${each.key} (${var.repository})"
}
