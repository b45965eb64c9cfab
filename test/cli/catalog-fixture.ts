import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A catalog with one environment of each safety level, in its own temp folder. */
export function writeCatalog(
  accountName: string,
  container: string,
  layout: 'shared-container' | 'container-per-environment' = 'shared-container',
): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'terrarium-cli-'));
  const file = join(dir, 'environments.yaml');
  writeFileSync(
    file,
    [
      'version: 1',
      'backend:',
      `  storage-account: ${accountName}`,
      `  container: ${container}`,
      `  ephemeral-layout: ${layout}`,
      'terraform:',
      '  root-module: .',
      'environments:',
      '  dev:',
      '    kind: long-lived',
      '    safety: basic',
      '  stg:',
      '    kind: long-lived',
      '    safety: enhanced',
      '  prod:',
      '    kind: long-lived',
      '    safety: maximum',
      '  feat:',
      '    kind: ephemeral',
      '    ttl: 72h',
      '',
    ].join('\n'),
  );
  return { dir, file };
}

/** A terraform state document as terraform writes it, small enough to read in a failure message. */
export function stateDocument(serial: number, lineage = '6f1c1a52-0b7e-4d8e-9a4c-3f5a2b1c0d9e'): string {
  return `${JSON.stringify(
    {
      version: 4,
      terraform_version: '1.11.0',
      serial,
      lineage,
      outputs: {},
      resources: [
        {
          mode: 'managed',
          type: 'terraform_data',
          name: 'marker',
          provider: 'provider["terraform.io/builtin/terraform"]',
          instances: [{ schema_version: 0, attributes: { id: `serial-${serial}` } }],
        },
      ],
      check_results: null,
    },
    null,
    2,
  )}\n`;
}
