// The identities-as-code modules, checked offline. No azurerm provider can be downloaded here, so
// the decisions (which identity trusts which OIDC subject and gets which role where) live in
// provider-free modules (state-identities/grants, state-bootstrap/tiers) that these tests run with
// the real terraform binary; the provider-facing files are checked to do nothing but apply them.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { environmentOf, logsIn, triggers, type Workflow } from '../../workflows/workflow-rules.js';
import { ModuleRunner } from './module-runner.js';

const run = promisify(execFile);
const examples = new URL('../../../examples/terraform/', import.meta.url).pathname;
const identitiesDir = join(examples, 'state-identities');
const bootstrapDir = join(examples, 'state-bootstrap');
const workflowsDir = new URL('../../../workflows-examples/', import.meta.url).pathname;
const terraformEnv = {
  ...process.env,
  TF_CLI_CONFIG_FILE: '/dev/null',
  CHECKPOINT_DISABLE: '1',
  TF_IN_AUTOMATION: '1',
};

const sub = (n: number) => `/subscriptions/00000000-0000-0000-0000-00000000000${n}`;
const account = (n: number, name: string) =>
  `${sub(n)}/resourceGroups/rg-state/providers/Microsoft.Storage/storageAccounts/${name}`;
const STATE = account(1, 'ststate');
const PROD_ACCOUNT = account(3, 'stprod');
const EPHEMERAL_ACCOUNT = account(2, 'stephemeral');
const SCOPES = {
  sandbox_scopes: [`${sub(2)}/resourceGroups/rg-pr-sandbox`],
  dev_test_scopes: [`${sub(2)}/resourceGroups/rg-dev`, `${sub(2)}/resourceGroups/rg-test`],
  stg_scopes: [`${sub(4)}/resourceGroups/rg-stg`],
  prod_scopes: [sub(3)],
};

interface Grant {
  identity: string;
  role: string;
  scope: string;
  tier: string | null;
  condition: string | null;
}
interface Grants {
  identities: Record<string, { subjects: string[]; variable: string; environment: string | null }>;
  federated_credentials: Record<
    string,
    { identity: string; name: string; subject: string; issuer: string; audience: string[] }
  >;
  roles: Record<string, { actions: string[]; data_actions: string[] }>;
  role_assignments: Record<string, Grant>;
  containers: Record<string, string>;
  container_scopes: Record<string, string>;
}

async function grantsFor(runner: ModuleRunner, args: Record<string, unknown>): Promise<Grants> {
  const result = await runner.evaluate<Grants>(args);
  expect(result.error, 'the grants module refused valid inputs').toBeUndefined();
  return result.value as Grants;
}

/** The tiers each identity may reach in storage (TIERS.md's table). */
const ALLOWED_TIERS: Record<string, string[]> = {
  'pull-requests': ['ephemeral'],
  main: ['main', 'ephemeral'],
  stg: ['stg'],
  prod: ['prod'],
};
const ALLOWED_SCOPES: Record<string, string[]> = {
  'pull-requests': SCOPES.sandbox_scopes,
  main: [...SCOPES.dev_test_scopes, ...SCOPES.sandbox_scopes],
  stg: SCOPES.stg_scopes,
  prod: SCOPES.prod_scopes,
};

/** Every grant stays inside its identity's tiers and scopes; a problem list, empty when none. */
function escapes(grants: Grants): string[] {
  const problems: string[] = [];
  for (const [key, grant] of Object.entries(grants.role_assignments)) {
    if (grant.role === 'Contributor') {
      if (!ALLOWED_SCOPES[grant.identity]?.includes(grant.scope))
        problems.push(`${key}: Contributor on ${grant.scope}`);
      continue;
    }
    const tier = grant.tier ?? '';
    if (!ALLOWED_TIERS[grant.identity]?.includes(tier)) problems.push(`${key}: a role on tier ${tier}`);
    if (grant.role === 'terrarium-tier') {
      // Container-scoped: exactly the tier's container, never the account or another container.
      if (grant.scope !== grants.container_scopes[tier]) problems.push(`${key}: scope ${grant.scope}`);
      if (!grant.scope.endsWith(`/blobServices/default/containers/${grants.containers[tier]}`))
        problems.push(`${key}: not scoped to a container`);
      if (grant.condition !== null) problems.push(`${key}: unexpected condition`);
    } else if (grant.role === 'terrarium-ephemeral-containers') {
      // Account-scoped, so the condition must hold every data action to the temporary containers.
      const prefix = `${grants.containers.ephemeral}-`;
      if (!grant.condition?.includes(`containers:name] StringStartsWith '${prefix}'`))
        problems.push(`${key}: no condition on the ${prefix} prefix`);
      for (const action of grants.roles[grant.role]?.data_actions ?? []) {
        if (!grant.condition?.includes(`!(ActionMatches{'${action}'})`))
          problems.push(`${key}: condition leaves ${action} open`);
      }
    } else problems.push(`${key}: unknown role ${grant.role}`);
  }
  return problems;
}

describe('examples/terraform/state-identities', () => {
  const grants = new ModuleRunner(join(identitiesDir, 'grants'));
  beforeAll(() => grants.start());
  afterAll(() => grants.stop());

  it('is formatted as terraform fmt wants', async () => {
    const { stdout } = await run('terraform', ['fmt', '-check', '-recursive', identitiesDir], {
      env: terraformEnv,
    });
    expect(stdout).toBe('');
  });

  it('federates each identity for exactly its tier subjects, with GitHub issuer and Entra audience', async () => {
    const result = await grantsFor(grants, { repository: 'contoso/platform', storage_account_id: STATE });
    const subjects = Object.fromEntries(Object.entries(result.identities).map(([k, v]) => [k, v.subjects]));
    expect(subjects).toEqual({
      'pull-requests': ['repo:contoso/platform:pull_request'],
      main: [
        'repo:contoso/platform:ref:refs/heads/main',
        'repo:contoso/platform:environment:dev',
        'repo:contoso/platform:environment:test',
      ],
      stg: ['repo:contoso/platform:environment:stg'],
      prod: ['repo:contoso/platform:environment:prod'],
    });
    const credentials = Object.values(result.federated_credentials);
    expect(credentials.map((c) => c.subject).sort()).toEqual(Object.values(subjects).flat().sort());
    for (const credential of credentials) {
      expect(credential.issuer).toBe('https://token.actions.githubusercontent.com');
      expect(credential.audience).toEqual(['api://AzureADTokenExchange']);
      expect(credential.name).toMatch(/^[A-Za-z0-9][A-Za-z0-9_-]{2,119}$/);
    }
    expect(result.containers).toEqual({
      main: 'tfstate',
      ephemeral: 'tfstate-ephemeral',
      stg: 'tfstate-stg',
      prod: 'tfstate-prod',
    });
  });

  it.each([
    ['one account, default containers', {}],
    ['prod in its own account', { tier_storage_account_ids: { prod: PROD_ACCOUNT } }],
    ['renamed containers', { containers: { main: 'states', ephemeral: 'pr-states', prod: 'prod-states' } }],
    [
      'container-per-environment with the ephemeral tier in its own account',
      {
        ephemeral_layout: 'container-per-environment',
        tier_storage_account_ids: { ephemeral: EPHEMERAL_ACCOUNT },
      },
    ],
  ])('keeps every grant inside its tier: %s', async (_case, extra) => {
    const result = await grantsFor(grants, {
      repository: 'contoso/platform',
      storage_account_id: STATE,
      ...SCOPES,
      ...extra,
    });
    expect(escapes(result)).toEqual([]);
    const byIdentity = (identity: string) =>
      Object.values(result.role_assignments).filter((grant) => grant.identity === identity);
    // Each identity has its data role on each of its tiers, and Contributor on each of its scopes.
    for (const [identity, tiers] of Object.entries(ALLOWED_TIERS)) {
      const dataTiers = byIdentity(identity)
        .filter((g) => g.role === 'terrarium-tier')
        .map((g) => g.tier);
      expect(dataTiers.sort(), identity).toEqual([...tiers].sort());
      const scopes = byIdentity(identity)
        .filter((g) => g.role === 'Contributor')
        .map((g) => g.scope);
      expect(scopes.sort(), identity).toEqual([...new Set(ALLOWED_SCOPES[identity])].sort());
    }
    if ('tier_storage_account_ids' in extra && 'prod' in extra.tier_storage_account_ids) {
      expect(result.container_scopes.prod).toBe(
        `${PROD_ACCOUNT}/blobServices/default/containers/tfstate-prod`,
      );
    }
    if ('ephemeral_layout' in extra) {
      const accountWide = Object.values(result.role_assignments).filter(
        (g) => g.role === 'terrarium-ephemeral-containers',
      );
      expect(accountWide.map((g) => [g.identity, g.scope]).sort()).toEqual([
        ['main', EPHEMERAL_ACCOUNT],
        ['pull-requests', EPHEMERAL_ACCOUNT],
      ]);
      // Find Blobs by Tags has no container attribute: an account-wide grant must not carry it.
      expect(result.roles['terrarium-ephemeral-containers']?.data_actions.join()).not.toContain(
        'filter/action',
      );
    }
  });

  it('gives the data role the blob index permissions records and the sweep need, and no container deletion', async () => {
    const result = await grantsFor(grants, { repository: 'contoso/platform', storage_account_id: STATE });
    const role = result.roles['terrarium-tier'];
    for (const needed of [
      'blobs/read',
      'blobs/write',
      'blobs/delete',
      'blobs/tags/read',
      'blobs/tags/write',
      'blobs/filter/action',
    ])
      expect(role?.data_actions.map((a) => a.replace(/^.*containers\//, ''))).toContain(needed);
    expect(role?.actions.join()).not.toContain('containers/delete');
  });

  it('the isolation check itself catches a grant outside its tier', async () => {
    const result = await grantsFor(grants, {
      repository: 'contoso/platform',
      storage_account_id: STATE,
      ...SCOPES,
    });
    const prodGrant = Object.entries(result.role_assignments).find(
      ([, g]) => g.identity === 'prod' && g.tier === 'prod',
    );
    expect(prodGrant).toBeDefined();
    const [key, grant] = prodGrant as [string, Grant];
    const tampered = { ...result, role_assignments: { ...result.role_assignments } };
    tampered.role_assignments[key] = { ...grant, identity: 'pull-requests' };
    tampered.role_assignments['main/contributor/x'] = {
      ...grant,
      role: 'Contributor',
      identity: 'main',
      scope: sub(3),
    };
    tampered.role_assignments['pull-requests/data/account'] = {
      ...grant,
      identity: 'pull-requests',
      tier: 'ephemeral',
      scope: STATE,
    };
    expect(escapes(tampered)).toEqual([
      `${key}: a role on tier prod`,
      `main/contributor/x: Contributor on ${sub(3)}`,
      `pull-requests/data/account: scope ${STATE}`,
      'pull-requests/data/account: not scoped to a container',
    ]);
  });

  it.each([
    [
      'a repository URL',
      { repository: 'https://github.com/contoso/platform' },
      'repository must be owner/name',
    ],
    ['a repository without owner', { repository: 'platform' }, 'repository must be owner/name'],
    [
      'a storage account name for its id',
      { storage_account_id: 'ststate' },
      "storage_account_id must be a storage account's resource id",
    ],
    [
      'a sandbox that holds prod',
      { sandbox_scopes: [sub(3)], prod_scopes: [`${sub(3)}/resourceGroups/rg-prod`] },
      "A lower tier's management scope reaches a higher tier's",
    ],
    [
      'stg managing prod',
      { stg_scopes: [sub(3)], prod_scopes: [sub(3)] },
      "A lower tier's management scope reaches",
    ],
    [
      'two tiers in one container',
      { containers: { main: 'tfstate', stg: 'tfstate' } },
      'Two tiers share a container',
    ],
    [
      'container-per-environment beside the guarded tiers',
      { ephemeral_layout: 'container-per-environment' },
      'Give the ephemeral tier an account of its own',
    ],
    [
      'prod as a main environment',
      { main_environments: ['dev', 'prod'] },
      'main_environments must not name stg or prod',
    ],
    [
      'a scope that is not an ARM id',
      { sandbox_scopes: ['rg-sandbox'] },
      'Management scopes are subscription',
    ],
  ])('refuses %s', async (_case, args, message) => {
    const result = await grants.evaluate({
      repository: 'contoso/platform',
      storage_account_id: STATE,
      ...args,
    });
    expect(result.value).toBeUndefined();
    expect(result.error).toContain(message);
  });

  it('turns the grants into resources and nothing else (main.tf only applies ./grants)', async () => {
    const main = await readFile(join(identitiesDir, 'main.tf'), 'utf8');
    const blocks = [...main.matchAll(/^resource "([a-z_]+)" "([a-z_]+)" \{\n([\s\S]*?)^\}/gm)].map((m) => ({
      type: m[1] as string,
      body: m[3] as string,
    }));
    expect(blocks.map((b) => b.type).sort()).toEqual([
      'azurerm_federated_identity_credential',
      'azurerm_role_assignment',
      'azurerm_role_definition',
      'azurerm_user_assigned_identity',
    ]);
    const body = (type: string) => blocks.find((b) => b.type === type)?.body ?? '';
    expect(body('azurerm_role_assignment')).toMatch(/for_each\s+= module\.grants\.role_assignments\n/);
    for (const argument of ['scope', 'condition'])
      expect(body('azurerm_role_assignment')).toMatch(
        new RegExp(`\\n\\s+${argument}\\s+= each\\.value\\.${argument}\\n`),
      );
    expect(body('azurerm_role_assignment')).toContain(
      'principal_id                     = azurerm_user_assigned_identity.tier[each.value.identity].principal_id',
    );
    expect(body('azurerm_federated_identity_credential')).toMatch(
      /for_each = module\.grants\.federated_credentials\n/,
    );
    for (const argument of ['issuer', 'audience', 'subject'])
      expect(body('azurerm_federated_identity_credential')).toMatch(
        new RegExp(`\\n\\s+${argument}\\s+= each\\.value\\.${argument}\\n`),
      );
    expect(body('azurerm_role_definition')).toContain('actions      = module.grants.roles[each.key].actions');
    expect(body('azurerm_role_definition')).toContain(
      'data_actions = module.grants.roles[each.key].data_actions',
    );
    // No other file of the module creates anything.
    for (const file of (await readdir(identitiesDir)).filter((f) => f.endsWith('.tf') && f !== 'main.tf'))
      expect(await readFile(join(identitiesDir, file), 'utf8'), file).not.toMatch(/^resource /m);
  });

  it('federates every workflow example job that signs in for the subject GitHub will give it', async () => {
    const result = await grantsFor(grants, { repository: 'your-org/your-repo', storage_account_id: STATE });
    const byVariable = new Map(
      Object.entries(result.identities).map(([key, spec]) => [spec.variable, { key, ...spec }]),
    );
    let checked = 0;
    for (const file of (await readdir(workflowsDir)).filter((f) => f.endsWith('.yml'))) {
      const workflow = parse(await readFile(join(workflowsDir, file), 'utf8')) as Workflow;
      for (const [name, job] of Object.entries(workflow.jobs)) {
        if (!logsIn(workflow, job)) continue;
        const where = `${file} job ${name}`;
        const variable = /^\$\{\{\s*vars\.([A-Z_]+)\s*\}\}$/.exec(
          String(job.env?.AZURE_CLIENT_ID ?? ''),
        )?.[1];
        const identity = byVariable.get(variable ?? '');
        expect(identity, `${where}: AZURE_CLIENT_ID comes from no identity's variable`).toBeDefined();
        for (const key of ['ARM_CLIENT_ID'])
          expect(job.env?.[key], `${where}: ${key}`).toBe(job.env?.AZURE_CLIENT_ID);
        const environment = environmentOf(job);
        // GitHub's subject: the environment when the job has one, else the event or the ref.
        const subject = environment
          ? `environment:${environment}`
          : triggers(workflow).includes('pull_request')
            ? 'pull_request'
            : 'ref:refs/heads/main';
        expect(identity?.subjects, `${where}: ${identity?.key} is not federated for ${subject}`).toContain(
          `repo:your-org/your-repo:${subject}`,
        );
        // An environment's variable is visible only to jobs in that environment.
        if (identity?.environment) expect(environment, where).toBe(identity.environment);
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(8);
  });
});

describe('examples/terraform/state-bootstrap tiers', () => {
  const tiers = new ModuleRunner(join(bootstrapDir, 'tiers'));
  beforeAll(() => tiers.start());
  afterAll(() => tiers.stop());

  const catalog = {
    dev: { kind: 'long-lived' },
    test: { kind: 'long-lived' },
    stg: { kind: 'long-lived', safety: 'enhanced' },
    feat: { kind: 'ephemeral' },
    perf: { kind: 'ephemeral' },
    prod: { kind: 'long-lived', safety: 'maximum' },
  };
  const base = {
    container_name: 'tfstate',
    layout: 'tiered',
    tier_containers: {},
    tiers_in_this_account: null,
  };
  interface Tiers {
    environment_tiers: Record<string, string>;
    tier_containers: Record<string, string>;
    containers: string[];
    environment_containers: Record<string, string>;
  }

  it('places environments as the catalog does, in the containers the identities module grants', async () => {
    const result = await tiers.evaluate<Tiers>({ ...base, environments: catalog });
    expect(result.error).toBeUndefined();
    expect(result.value?.environment_tiers).toEqual({
      dev: 'main',
      test: 'main',
      stg: 'stg',
      feat: 'ephemeral',
      perf: 'ephemeral',
      prod: 'prod',
    });
    expect([...(result.value?.containers ?? [])].sort()).toEqual([
      'tfstate',
      'tfstate-ephemeral',
      'tfstate-prod',
      'tfstate-stg',
    ]);
    const grants = new ModuleRunner(join(identitiesDir, 'grants'));
    await grants.start();
    try {
      const identities = await grantsFor(grants, {
        repository: 'contoso/platform',
        storage_account_id: STATE,
      });
      expect(result.value?.tier_containers).toEqual(identities.containers);
    } finally {
      await grants.stop();
    }
  });

  it.each([
    [
      'stg and prod are guarded by name when safety is unset',
      { stg: { kind: 'long-lived' }, prod: { kind: 'long-lived' } },
      {},
      { stg: 'tfstate-stg', prod: 'tfstate-prod' },
    ],
    [
      'an explicit tier wins',
      { dev: { kind: 'long-lived', tier: 'prod' }, prod: { kind: 'long-lived' } },
      {},
      { dev: 'tfstate-prod', prod: 'tfstate-prod' },
    ],
    [
      'a basic environment stays in main',
      { qa: { kind: 'long-lived', safety: 'basic' } },
      {},
      { qa: 'tfstate' },
    ],
    [
      'single-container keeps everything in one',
      catalog,
      { layout: 'single-container' },
      Object.fromEntries(Object.keys(catalog).map((n) => [n, 'tfstate'])),
    ],
    [
      'an account of its own holds only its tiers',
      catalog,
      { tiers_in_this_account: ['prod'] },
      { prod: 'tfstate-prod' },
    ],
    [
      'overrides rename a tier container',
      { feat: { kind: 'ephemeral' } },
      { tier_containers: { ephemeral: 'pr-states' } },
      { feat: 'pr-states' },
    ],
  ])('%s', async (_case, environments, extra, expected) => {
    const result = await tiers.evaluate<Tiers>({ ...base, ...extra, environments });
    expect(result.error).toBeUndefined();
    expect(result.value?.environment_containers).toEqual(expected);
  });

  it('refuses a tier no environment uses, and a container name Azure would refuse', async () => {
    const unknown = await tiers.evaluate<Tiers>({
      ...base,
      tiers_in_this_account: ['qa'],
      environments: catalog,
    });
    expect(unknown.error).toContain('tiers_in_this_account names tiers no environment uses: qa');
    const long = await tiers.evaluate<Tiers>({
      ...base,
      container_name: 'a'.repeat(60),
      environments: catalog,
    });
    expect(long.error).toContain('Container names are 3-63 lowercase letters');
  });

  it('creates one protected container per tier, keeps the old container, and points every rule at the tier containers', async () => {
    const main = await readFile(join(bootstrapDir, 'main.tf'), 'utf8');
    expect(main).toContain('for_each = toset(local.containers)');
    expect(main).toMatch(/prevent_destroy = true/);
    expect(main).toMatch(
      /moved \{\n\s+from = azurerm_storage_container\.tfstate\n\s+to\s+= azurerm_storage_container\.tier\["tfstate"\]/,
    );
    expect(main).not.toContain('var.container_name}/');
    // Every rule's prefixes come from the tier containers (./rules, compared with the generator in
    // state-bootstrap-module.test.ts): the account's own containers, each environment's tier's.
    expect(main).toContain('containers = local.containers');
    expect(main).toContain('container             = module.tiers.environment_containers[name]');
  });
});
