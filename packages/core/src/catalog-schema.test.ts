import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTAINER, DEFAULT_LIFECYCLE } from './catalog-defaults.js';
import { catalogSchema } from './catalog-schema.js';

type SchemaNode = { properties?: Record<string, SchemaNode>; default?: unknown; description?: string };
const root = catalogSchema as SchemaNode;
const at = (...path: string[]) =>
  path.reduce<SchemaNode | undefined>((node, key) => node?.properties?.[key], root);

describe('the catalog schema', () => {
  it('documents the same defaults the parser applies', () => {
    expect(at('backend', 'container')?.default).toBe(DEFAULT_CONTAINER);
    expect(at('backend', 'ephemeral-layout')?.default).toBe('shared-container');
    expect(at('terraform', 'binary')?.default).toBe('terraform');
    expect({
      versionsToCoolAfterDays: at('lifecycle', 'versions-to-cool-after-days')?.default,
      deleteVersionsAfterDays: at('lifecycle', 'delete-versions-after-days')?.default,
      backupsToColdAfterDays: at('lifecycle', 'backups-to-cold-after-days')?.default,
      deleteEphemeralStateAfterDays: at('lifecycle', 'delete-ephemeral-state-after-days')?.default,
      deleteSloHistoryAfterDays: at('lifecycle', 'delete-slo-history-after-days')?.default,
    }).toEqual(DEFAULT_LIFECYCLE);
  });

  it('describes every property, so editors can explain it', () => {
    const missing: string[] = [];
    const walk = (node: SchemaNode, path: string) => {
      for (const [key, child] of Object.entries(node.properties ?? {})) {
        if (!child.description) missing.push(`${path}${key}`);
        walk(child, `${path}${key}.`);
      }
    };
    walk(root, '');
    walk(
      (catalogSchema as { definitions: { environment: SchemaNode } }).definitions.environment,
      'environment.',
    );
    expect(missing).toEqual([]);
  });
});
