import { jsonFixture } from '@terrarium/terraform/testing';
import { describe, expect, it } from 'vitest';
import { managedResourceAddresses, type StateJson } from './state-json.js';

describe('managed resources in a state', () => {
  it('lists the resources of a captured applied state', () => {
    expect(managedResourceAddresses(jsonFixture('state-applied.json') as StateJson).sort()).toEqual([
      'terraform_data.app_service',
      'terraform_data.database',
      'terraform_data.resource_group',
    ]);
  });

  it('finds nothing in an empty state (what show -json prints after destroy)', () => {
    expect(managedResourceAddresses({ format_version: '1.0' })).toEqual([]);
  });

  it('walks child modules and skips data sources', () => {
    const state: StateJson = {
      values: {
        root_module: {
          resources: [{ address: 'data.x.y', mode: 'data', type: 'x', name: 'y' }],
          child_modules: [
            {
              address: 'module.app',
              resources: [
                {
                  address: 'module.app.terraform_data.a',
                  mode: 'managed',
                  type: 'terraform_data',
                  name: 'a',
                },
              ],
              child_modules: [
                {
                  resources: [
                    {
                      address: 'module.app.module.db.terraform_data.b',
                      mode: 'managed',
                      type: 'terraform_data',
                      name: 'b',
                    },
                  ],
                },
              ],
            },
          ],
        },
      },
    };
    expect(managedResourceAddresses(state)).toEqual([
      'module.app.terraform_data.a',
      'module.app.module.db.terraform_data.b',
    ]);
  });
});
