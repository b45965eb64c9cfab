# Which identity may do what, computed without any provider: the module above turns these
# values into resources, and the repository's tests evaluate this module with the real terraform
# binary to check that every grant stays inside its tier.
locals {
  oidc_issuer   = "https://token.actions.githubusercontent.com"
  oidc_audience = "api://AzureADTokenExchange"
  subject       = "repo:${var.repository}"

  container = {
    main      = var.containers.main
    ephemeral = coalesce(var.containers.ephemeral, "${var.containers.main}-ephemeral")
    stg       = coalesce(var.containers.stg, "${var.containers.main}-stg")
    prod      = coalesce(var.containers.prod, "${var.containers.main}-prod")
  }
  account = {
    for tier in ["main", "ephemeral", "stg", "prod"] :
    tier => lookup(var.tier_storage_account_ids, tier, var.storage_account_id)
  }
  # A role scoped to one container reaches that container and nothing else in the account.
  container_scope = {
    for tier, name in local.container : tier => "${local.account[tier]}/blobServices/default/containers/${name}"
  }

  identity = {
    pull-requests = {
      subjects    = ["${local.subject}:pull_request"]
      tiers       = ["ephemeral"]
      scopes      = var.sandbox_scopes
      variable    = "AZURE_CLIENT_ID_PULL_REQUESTS"
      environment = null
      description = "Pull requests: the ephemeral tier and the sandbox."
    }
    main = {
      subjects    = concat(["${local.subject}:ref:refs/heads/${var.main_branch}"], [for env in var.main_environments : "${local.subject}:environment:${env}"])
      tiers       = ["main", "ephemeral"]
      scopes      = distinct(concat(var.dev_test_scopes, var.sandbox_scopes))
      variable    = "AZURE_CLIENT_ID_MAIN"
      environment = null
      description = "main: dev and test, the nightly perf environment and the sweep."
    }
    stg = {
      subjects    = ["${local.subject}:environment:stg"]
      tiers       = ["stg"]
      scopes      = var.stg_scopes
      variable    = "AZURE_CLIENT_ID_STG"
      environment = "stg"
      description = "stg: the stg tier and scope."
    }
    prod = {
      subjects    = ["${local.subject}:environment:prod"]
      tiers       = ["prod"]
      scopes      = var.prod_scopes
      variable    = "AZURE_CLIENT_ID_PROD"
      environment = "prod"
      description = "prod: the prod tier and scope, nothing else."
    }
  }
  identities = { for key, spec in local.identity : key => spec if contains(var.identities, key) }

  blob = "Microsoft.Storage/storageAccounts/blobServices/containers"
  # Storage Blob Data Contributor's blob permissions plus the blob index permissions Terrarium's
  # records and backups need (tags on write, tag queries by the sweep), and no container deletion.
  tier_data_actions = [
    "${local.blob}/blobs/read",
    "${local.blob}/blobs/write",
    "${local.blob}/blobs/delete",
    "${local.blob}/blobs/add/action",
    "${local.blob}/blobs/tags/read",
    "${local.blob}/blobs/tags/write",
    "${local.blob}/blobs/filter/action",
  ]
  # The temporary containers of container-per-environment: created and deleted by the runs, so the
  # role sits on the account, and a condition holds its blob access to those containers' names.
  # Find Blobs by Tags has no container attribute, so this role does not include it (records stay
  # in the ephemeral tier's own container).
  ephemeral_container_data_actions = [
    "${local.blob}/blobs/read",
    "${local.blob}/blobs/write",
    "${local.blob}/blobs/delete",
    "${local.blob}/blobs/add/action",
    "${local.blob}/blobs/tags/read",
    "${local.blob}/blobs/tags/write",
  ]
  ephemeral_prefix = "${local.container.ephemeral}-"
  ephemeral_condition = join("\n", concat(
    ["(", " ("],
    [for i, action in local.ephemeral_container_data_actions : "  ${i == 0 ? "" : "AND "}!(ActionMatches{'${action}'})"],
    [" )", " OR", " (", "  @Resource[${local.blob}:name] StringStartsWith '${local.ephemeral_prefix}'", " )", ")"],
  ))

  roles = {
    terrarium-tier = {
      actions      = ["${local.blob}/read", "${local.blob}/write"]
      data_actions = local.tier_data_actions
    }
    terrarium-ephemeral-containers = {
      # Container creation and deletion are control-plane actions no condition can narrow: hence
      # the ephemeral tier must have an account of its own in this layout (checked below).
      actions      = ["${local.blob}/read", "${local.blob}/write", "${local.blob}/delete"]
      data_actions = local.ephemeral_container_data_actions
    }
  }

  data_grants = merge([
    for key, spec in local.identities : {
      for tier in spec.tiers : "${key}/data/${tier}" => {
        identity  = key
        role      = "terrarium-tier"
        scope     = local.container_scope[tier]
        tier      = tier
        condition = null
      }
    }
  ]...)
  ephemeral_container_grants = var.ephemeral_layout != "container-per-environment" ? {} : {
    for key, spec in local.identities : "${key}/containers/ephemeral" => {
      identity  = key
      role      = "terrarium-ephemeral-containers"
      scope     = local.account.ephemeral
      tier      = "ephemeral"
      condition = local.ephemeral_condition
    } if contains(spec.tiers, "ephemeral")
  }
  contributor_grants = merge([
    for key, spec in local.identities : {
      for scope in spec.scopes : "${key}/contributor/${scope}" => {
        identity  = key
        role      = "Contributor"
        scope     = scope
        tier      = null
        condition = null
      }
    }
  ]...)

  # A scope reaches everything below it: a lower tier's scope must not be, or hold, a higher one's.
  lower_than = {
    prod = concat(var.sandbox_scopes, var.dev_test_scopes, var.stg_scopes)
    stg  = concat(var.sandbox_scopes, var.dev_test_scopes)
    main = var.sandbox_scopes
  }
  higher_scopes = { prod = var.prod_scopes, stg = var.stg_scopes, main = var.dev_test_scopes }
  scope_overlaps = flatten([
    for tier, lower in local.lower_than : [
      for high in local.higher_scopes[tier] : [
        for low in lower : "${low} reaches ${tier} scope ${high}"
        if lower(trimsuffix(high, "/")) == lower(trimsuffix(low, "/")) || startswith(lower(high), "${lower(trimsuffix(low, "/"))}/")
      ]
    ]
  ])
  ephemeral_shares_account = [
    for tier in ["main", "stg", "prod"] : tier if lower(local.account[tier]) == lower(local.account.ephemeral)
  ]
  all_scopes = concat(var.sandbox_scopes, var.dev_test_scopes, var.stg_scopes, var.prod_scopes)
}
