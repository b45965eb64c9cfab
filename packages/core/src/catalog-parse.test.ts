import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCatalog } from './catalog-parse.js';
import { ConfigurationError } from './errors.js';

const minimal = (environments: string, extra = '') =>
  `version: 1\nbackend:\n  storage-account: demo123\nterraform:\n  root-module: infra\n${extra}environments:\n${environments}`;

function failure(text: string): ConfigurationError {
  try {
    parseCatalog(text, 'environments.yaml');
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('parseCatalog', () => {
  it('fills every default', () => {
    const catalog = parseCatalog(
      minimal(
        '  dev: {kind: long-lived}\n  stg: {kind: long-lived}\n  prod: {kind: long-lived}\n  feat: {kind: ephemeral, ttl: 3d}\n  qa: {kind: long-lived}\n',
      ),
      'some/dir/environments.yaml',
    );
    expect(catalog.file).toBe(resolve('some/dir/environments.yaml'));
    expect(catalog.version).toBe(1);
    expect(catalog.backend).toEqual({
      storageAccount: 'demo123',
      resourceGroup: undefined,
      subscriptionId: undefined,
      container: 'tfstate',
      ephemeralLayout: 'shared-container',
    });
    expect(catalog.terraform).toEqual({ rootModule: 'infra', binary: 'terraform' });
    expect(catalog.lifecycle).toEqual({
      versionsToCoolAfterDays: 30,
      deleteVersionsAfterDays: 90,
      backupsToColdAfterDays: 30,
      deleteEphemeralStateAfterDays: 30,
      // Defaulted: messages about a ttl point at the file.
      deleteEphemeralStateAfterDaysAt: { file: 'some/dir/environments.yaml' },
      deleteSloHistoryAfterDays: 90,
    });
    const byName = Object.fromEntries(catalog.environments.map((env) => [env.name, env]));
    expect(catalog.environments.map((env) => env.name)).toEqual(['dev', 'stg', 'prod', 'feat', 'qa']);
    expect(byName.dev).toEqual({
      name: 'dev',
      kind: 'long-lived',
      description: undefined,
      safety: 'basic',
      varFiles: [],
      variables: {},
      ttlSeconds: undefined,
      scaling: {},
      stateTier: 'Hot',
      backupRetentionDays: 7,
    });
    expect([byName.stg?.safety, byName.stg?.backupRetentionDays]).toEqual(['enhanced', 30]);
    expect([byName.prod?.safety, byName.prod?.backupRetentionDays]).toEqual(['maximum', 90]);
    expect([byName.feat?.safety, byName.feat?.ttlSeconds, byName.feat?.backupRetentionDays]).toEqual([
      'basic',
      259_200,
      7,
    ]);
    expect(byName.qa?.backupRetentionDays).toBe(7);
  });

  it('maps every kebab-case key to its camelCase field', () => {
    const catalog = parseCatalog(
      `version: 1
backend:
  storage-account: demo123
  resource-group: rg-state
  subscription-id: 0a1b2c3d-0000-4000-8000-00000000abcd
  container: states
  ephemeral-layout: container-per-environment
terraform:
  root-module: infra
  binary: tofu
lifecycle:
  versions-to-cool-after-days: 10
  delete-versions-after-days: 20
  backups-to-cold-after-days: 5
  delete-ephemeral-state-after-days: 14
  delete-slo-history-after-days: 45
environments:
  perf:
    kind: ephemeral
    description: load
    safety: enhanced
    var-files: [a.tfvars, b.tfvars]
    variables: {location: westeurope, sizes: [1, 2]}
    ttl: 1h30m
    scaling: {replicas: 3, vus: 50, sku: P1v3, zonal: true}
    state-tier: Cool
    backup-retention-days: 3
`,
      'environments.yaml',
    );
    expect(catalog.backend).toEqual({
      storageAccount: 'demo123',
      resourceGroup: 'rg-state',
      subscriptionId: '0a1b2c3d-0000-4000-8000-00000000abcd',
      container: 'states',
      ephemeralLayout: 'container-per-environment',
    });
    expect(catalog.terraform.binary).toBe('tofu');
    expect(catalog.lifecycle).toEqual({
      versionsToCoolAfterDays: 10,
      deleteVersionsAfterDays: 20,
      backupsToColdAfterDays: 5,
      deleteEphemeralStateAfterDays: 14,
      deleteEphemeralStateAfterDaysAt: { file: 'environments.yaml', line: 15, column: 38 },
      deleteSloHistoryAfterDays: 45,
    });
    expect(catalog.environments[0]).toEqual({
      name: 'perf',
      kind: 'ephemeral',
      description: 'load',
      safety: 'enhanced',
      varFiles: ['a.tfvars', 'b.tfvars'],
      variables: { location: 'westeurope', sizes: [1, 2] },
      ttlSeconds: 5400,
      scaling: { replicas: 3, vus: 50, sku: 'P1v3', zonal: true },
      stateTier: 'Cool',
      backupRetentionDays: 3,
    });
  });

  it.each([
    // [what, text, expected message (exact start, with file:line:column)]
    [
      'a ttl that is not a duration',
      minimal('  feat:\n    kind: ephemeral\n    ttl: 3 days\n'),
      'environments.yaml:9:10: environments.feat.ttl: "3 days" is not a duration; write it like 72h, 3d or 90m',
    ],
    [
      'a zero ttl',
      minimal('  feat:\n    kind: ephemeral\n    ttl: 0h\n'),
      'environments.yaml:9:10: environments.feat.ttl: "0h" is zero',
    ],
    [
      'a ttl on a long-lived environment',
      minimal('  dev:\n    kind: long-lived\n    ttl: 3d\n'),
      'environments.yaml:9:5: environments.dev.ttl: a long-lived environment does not expire; remove ttl',
    ],
    [
      'an ephemeral environment without ttl',
      minimal('  feat:\n    kind: ephemeral\n'),
      'environments.yaml:8:5: environments.feat is ephemeral but has no ttl; add one, e.g. ttl: 72h',
    ],
    [
      'maximum safety on an ephemeral environment',
      minimal('  feat:\n    kind: ephemeral\n    ttl: 3d\n    safety: maximum\n'),
      'environments.yaml:10:13: environments.feat.safety: maximum safety',
    ],
    [
      'an unknown safety level',
      minimal('  dev:\n    kind: long-lived\n    safety: maximal\n'),
      'environments.yaml:9:13: environments.dev.safety: "maximal" is not allowed; use one of basic, enhanced, maximum. Did you mean "maximum"?',
    ],
    [
      'an unknown environment key',
      minimal('  feat:\n    kind: ephemeral\n    tll: 3d\n    ttl: 3d\n'),
      'environments.yaml:9:5: environments.feat: unknown key "tll"; allowed keys are kind, description, safety, var-files, variables, ttl, scaling, state-tier, backup-retention-days. Did you mean "ttl"?',
    ],
    [
      'an unknown top-level key',
      `enviroments: {}\n${minimal('  dev: {kind: long-lived}\n')}`,
      'environments.yaml:1:1: unknown key "enviroments"; allowed keys are version, backend, terraform, lifecycle, environments. Did you mean "environments"?',
    ],
    [
      'an environment outside environments:',
      `${minimal('  dev: {kind: long-lived}\n')}qa:\n  kind: long-lived\n`,
      'environments.yaml:8:1: unknown key "qa"; allowed keys are version, backend, terraform, lifecycle, environments. Environments belong under environments:; indent "qa" beneath it.',
    ],
    [
      'a missing kind',
      minimal('  dev:\n    description: x\n'),
      'environments.yaml:8:5: environments.dev is missing the required key "kind"; add it',
    ],
    [
      'a missing version',
      minimal('  dev: {kind: long-lived}\n').replace('version: 1\n', ''),
      'environments.yaml:1:1: the catalog is missing the required key "version"; add it (write version: 1)',
    ],
    [
      'a wrong version',
      minimal('  dev: {kind: long-lived}\n').replace('version: 1', 'version: 2'),
      'environments.yaml:1:10: version: 2 is not a catalog version',
    ],
    [
      'a bad environment name',
      minimal('  Feature_1: {kind: long-lived}\n'),
      'environments.yaml:7:3: environments: "Feature_1" is not a valid environment name; use 1-20 lowercase letters',
    ],
    [
      'an environment name over 20 characters',
      minimal('  abcdefghijklmnopqrstu: {kind: long-lived}\n'),
      'environments.yaml:7:3: environments: "abcdefghijklmnopqrstu" is not a valid environment name',
    ],
    [
      'a bad storage account',
      minimal('  dev: {kind: long-lived}\n').replace('demo123', 'Demo_Account'),
      'environments.yaml:3:20: backend.storage-account: "Demo_Account" is not a storage account name; use 3-24 lowercase letters and digits',
    ],
    [
      'a bad container',
      minimal('  dev: {kind: long-lived}\n').replace('demo123\n', 'demo123\n  container: tf--state\n'),
      'environments.yaml:4:14: backend.container: "tf--state" is not a container name',
    ],
    [
      'a bad layout',
      minimal('  dev: {kind: long-lived}\n').replace(
        'demo123\n',
        'demo123\n  ephemeral-layout: per-environment\n',
      ),
      'environments.yaml:4:21: backend.ephemeral-layout: "per-environment" is not allowed; use one of shared-container, container-per-environment',
    ],
    [
      'a list where a mapping belongs',
      minimal('  dev: [long-lived]\n'),
      'environments.yaml:7:8: environments.dev: ["long-lived"] is a list; write a mapping here',
    ],
    [
      'a scaling value that is not a scalar',
      minimal('  perf:\n    kind: ephemeral\n    ttl: 6h\n    scaling: {replicas: [1]}\n'),
      'environments.yaml:10:25: environments.perf.scaling.replicas: [1] is a list; write a number or string or boolean here',
    ],
    [
      'a retention that is not a whole number',
      minimal('  dev:\n    kind: long-lived\n    backup-retention-days: 7.5\n'),
      'environments.yaml:9:28: environments.dev.backup-retention-days: 7.5 is a number; write an integer here',
    ],
    [
      'a reserved variable',
      minimal('  dev:\n    kind: long-lived\n    variables:\n      environment: x\n'),
      'environments.yaml:10:7: environments.dev.variables.environment: Terrarium sets the "environment" variable itself',
    ],
    [
      'a variable name terraform refuses',
      minimal('  dev:\n    kind: long-lived\n    variables:\n      "1st": x\n'),
      'environments.yaml:10:7: environments.dev.variables: "1st" is not a Terraform variable name',
    ],
    [
      'no environments',
      minimal('  {}\n'),
      'environments.yaml:7:3: environments is empty; declare at least one entry',
    ],
    [
      'a ttl longer than the storage backstop',
      minimal('  feat:\n    kind: ephemeral\n    ttl: 30d\n'),
      'environments.yaml:9:10: environments.feat.ttl is as long as or longer than lifecycle.delete-ephemeral-state-after-days (30 days)',
    ],
    [
      'versions deleted before they cool',
      minimal(
        '  dev: {kind: long-lived}\n',
        'lifecycle:\n  versions-to-cool-after-days: 30\n  delete-versions-after-days: 30\n',
      ),
      'environments.yaml:8:31: lifecycle.delete-versions-after-days (30) must be later than versions-to-cool-after-days (30)',
    ],
    [
      'an environment name that clashes with an ephemeral instance',
      minimal('  feat: {kind: ephemeral, ttl: 3d}\n  feat-x: {kind: long-lived}\n'),
      'environments.yaml:8:3: environments.feat-x: the name starts with "feat-", so it would clash with instances of the ephemeral environment "feat"',
    ],
    [
      'an empty section',
      'version: 1\nbackend:\nterraform: {root-module: a}\nenvironments:\n  dev: {kind: long-lived}\n',
      'environments.yaml:2:9: backend is empty; write a mapping here',
    ],
    [
      'a duplicate environment',
      minimal('  dev: {kind: long-lived}\n  dev: {kind: long-lived}\n'),
      'environments.yaml:8:3: invalid YAML: "dev": this key appears twice in the same mapping',
    ],
  ])('refuses %s', (_what, text, message) => {
    expect(failure(text).message.startsWith(message), failure(text).message).toBe(true);
  });

  it('lists every schema problem, each with its own location, in file order', () => {
    const error = failure(
      'version: 1\nbackend: {storage-acount: abc}\nterraform: {root-module: a}\nenvironments:\n  feat:\n    kind: ephemerl\n',
    );
    const lines = error.message.split('\n');
    expect(lines).toEqual([
      'environments.yaml:2:10: backend is missing the required key "storage-account"; add it',
      'environments.yaml:2:11: backend: unknown key "storage-acount"; allowed keys are storage-account, resource-group, subscription-id, container, ephemeral-layout. Did you mean "storage-account"?',
      'environments.yaml:6:11: environments.feat.kind: "ephemerl" is not allowed; use one of long-lived, ephemeral. Did you mean "ephemeral"?',
    ]);
    expect(error.location).toEqual({ file: 'environments.yaml', line: 2, column: 10 });
  });

  it('caps the list of problems', () => {
    const environments = Array.from({ length: 15 }, (_, i) => `  e${i}: {kind: nope}\n`).join('');
    const lines = failure(minimal(environments)).message.split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[10]).toBe('(and 5 more)');
  });

  it.each([
    ['examples/environments.yaml', ['dev', 'test', 'stg', 'feat', 'perf', 'prod'], 'contosotfstate'],
    ['environments.yaml', ['dev', 'test', 'stg', 'feat', 'perf', 'prod'], 'terrariumdemo'],
  ])('accepts the shipped catalog %s', (file, names, account) => {
    const path = resolve(import.meta.dirname, '../../..', file);
    const catalog = parseCatalog(readFileSync(path, 'utf8'), path);
    expect(catalog.environments.map((env) => env.name)).toEqual(names);
    expect(catalog.backend.storageAccount).toBe(account);
    const byName = Object.fromEntries(catalog.environments.map((env) => [env.name, env]));
    expect(byName.feat?.ttlSeconds).toBe(72 * 3600);
    expect(byName.perf?.ttlSeconds).toBe(6 * 3600);
    expect(byName.perf?.scaling).toEqual({ replicas: 3, vus: 50, sku: 'P1v3' });
    expect([byName.dev?.safety, byName.test?.safety, byName.stg?.safety, byName.prod?.safety]).toEqual([
      'basic',
      'basic',
      'enhanced',
      'maximum',
    ]);
  });

  it('uses the root module the demo needs', () => {
    const path = resolve(import.meta.dirname, '../../../environments.yaml');
    expect(parseCatalog(readFileSync(path, 'utf8'), path).terraform.rootModule).toBe(
      'examples/terraform/sample',
    );
  });
});
