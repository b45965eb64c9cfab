import { type Catalog, parseCatalog } from '@terrarium/core';
import { catalogYaml } from '../../harness/catalog.js';

/**
 * A catalog with a long-lived and an ephemeral environment, each with its own backup retention,
 * and lifecycle days of its own: every rule family of the generated policy has something to say.
 */
export const policyCatalog: Catalog = parseCatalog(
  catalogYaml({
    account: 'sttfstate001',
    container: 'tfstate',
    backend: { 'resource-group': 'rg-tfstate' },
    rootModule: 'infra',
    sections: {
      lifecycle: {
        'versions-to-cool-after-days': 7,
        'delete-versions-after-days': 30,
        'backups-to-cold-after-days': 30,
        'delete-ephemeral-state-after-days': 14,
      },
    },
    environments: {
      stg: { kind: 'long-lived', 'backup-retention-days': 90 },
      feat: { kind: 'ephemeral', ttl: '24h', 'state-tier': 'Cool', 'backup-retention-days': 7 },
    },
  }),
  '/repo/environments.yaml',
);
