import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_ACCOUNT } from './azurite.js';

/** One environment as the catalog spells it: kind, safety, ttl and any other key (`backup-retention-days`, `scaling`). */
export interface CatalogEnvironment {
  /** A string, not the union: a test may write a kind the parser must refuse. */
  kind: string;
  safety?: string;
  ttl?: string;
  [key: string]: CatalogValue | undefined;
}

export type CatalogValue = string | number | boolean | { [key: string]: CatalogValue | undefined };

export interface CatalogOptions {
  /** backend.storage-account; the test account of the harness when left out. */
  account?: string;
  /** backend.container; left out of the file (the parser's default) when not given. */
  container?: string;
  /** backend.ephemeral-layout; the parser's default when not given. */
  layout?: 'shared-container' | 'container-per-environment';
  /** More backend keys (`resource-group`, `subscription-id`). */
  backend?: Record<string, string>;
  /** terraform.root-module, relative to the catalog's folder or absolute; `.` when left out. */
  rootModule?: string;
  /** Top-level sections after `terraform`, e.g. `lifecycle`. */
  sections?: Record<string, Record<string, CatalogValue>>;
  /** By name, in file order; dev, stg, prod (each of its safety level) and feat when left out. */
  environments?: Record<string, CatalogEnvironment>;
}

/** One long-lived environment of each safety level and an ephemeral one: what most tests need. */
export const STANDARD_ENVIRONMENTS: Readonly<Record<string, CatalogEnvironment>> = {
  dev: { kind: 'long-lived' },
  stg: { kind: 'long-lived', safety: 'enhanced' },
  prod: { kind: 'long-lived', safety: 'maximum' },
  feat: { kind: 'ephemeral', ttl: '72h' },
};

function block(values: Record<string, CatalogValue | undefined>, indent: string): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (typeof value === 'object') lines.push(`${indent}${key}:`, ...block(value, `${indent}  `));
    else lines.push(`${indent}${key}: ${value}`);
  }
  return lines;
}

/**
 * The text of an environments.yaml, in the block style people write, built from the few things
 * a test cares about. Tests of the parser itself (broken or hostile files, messages with line and
 * column) keep their literal text instead.
 */
export function catalogYaml(options: CatalogOptions = {}): string {
  const backend = {
    'storage-account': options.account ?? TEST_ACCOUNT,
    container: options.container,
    'ephemeral-layout': options.layout,
    ...options.backend,
  };
  return [
    'version: 1',
    'backend:',
    ...block(backend, '  '),
    'terraform:',
    `  root-module: ${options.rootModule ?? '.'}`,
    ...Object.entries(options.sections ?? {}).flatMap(([name, values]) => [
      `${name}:`,
      ...block(values, '  '),
    ]),
    'environments:',
    ...block(options.environments ?? STANDARD_ENVIRONMENTS, '  '),
    '',
  ].join('\n');
}

/** Writes `environments.yaml` (or `name`) into `dir`, creating the folder, and returns the file's path. */
export function writeCatalog(dir: string, options: CatalogOptions = {}, name = 'environments.yaml'): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, catalogYaml(options));
  return file;
}

/** A catalog in a folder of its own under the system temp folder, for a test that needs just that. */
export function tempCatalog(options: CatalogOptions = {}): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'terrarium-catalog-'));
  return { dir, file: writeCatalog(dir, options) };
}
