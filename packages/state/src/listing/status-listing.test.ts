import { describe, expect, it } from 'vitest';
import { isStateBlobName, summarizeState } from './status-listing.js';

describe('isStateBlobName', () => {
  it.each([
    ['stg/terraform.tfstate', true],
    ['feat/pr-1/terraform.tfstateenv:blue', true],
    ['feat/pr-1/terrarium.json', false],
    ['notes.txt', false],
  ])('%s -> %s', (name, expected) => {
    expect(isStateBlobName(name)).toBe(expected);
  });
});

describe('summarizeState', () => {
  it('counts managed resource instances, not data sources', () => {
    const state = {
      version: 4,
      serial: 7,
      resources: [
        { mode: 'managed', type: 'terraform_data', name: 'a', instances: [{}, {}] },
        { mode: 'data', type: 'x', name: 'b', instances: [{}] },
        { mode: 'managed', type: 'terraform_data', name: 'c', instances: [{}] },
      ],
    };
    expect(summarizeState(JSON.stringify(state))).toEqual({ serial: 7, resourceCount: 3 });
  });

  it('treats the empty blob a first lock leaves as no resources', () => {
    expect(summarizeState('')).toEqual({ serial: undefined, resourceCount: 0 });
  });
});
