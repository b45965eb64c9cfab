import { prEvent, testBed } from '@terrarium/lifecycle/testing';
import { describe, expect, it } from 'vitest';
import { provisionEnvironment } from './provision.js';
import { failureSummary, provisionSummary, sweepSummary } from './run-summary.js';

describe('job summaries', () => {
  it('shows the environment, plan, hash and URL, escaping a branch name that carries markup', async () => {
    const bed = testBed();
    const result = await provisionEnvironment(bed.deps, {
      lockTimeoutMs: 1000,
      catalog: bed.catalog,
      environment: 'feat',
      event: { ...prEvent(12), branch: 'x|<img src=y>' },
    });
    const text = provisionSummary(result);
    expect(text).toContain('### Provisioned: `feat-pr-12`');
    expect(text).toContain('2 to add, 0 to change, 0 to destroy');
    expect(text).toContain(result.planHash);
    expect(text).not.toContain('<img');
    expect(text).toContain('| add | `terraform_data.app` |');
  });

  it('puts the failure reason in a failure summary', () => {
    expect(failureSummary('state-locked', 'held | by run 1', undefined, [])).toContain('`state-locked`');
  });

  it('tables a sweep', () => {
    const text = sweepSummary({
      dryRun: true,
      examined: 3,
      items: [
        {
          envId: 'feat-pr-1',
          environment: 'feat',
          instance: 'pr-1',
          reason: 'expired',
          result: 'would-destroy',
        },
      ],
      destroyed: [],
      failed: [],
      orphans: [{ name: 'rg-x', envId: 'feat-pr-9', result: 'listed' }],
    });
    expect(text).toContain('### Sweep (dry run): 3 environment(s) examined');
    expect(text).toContain('| `feat-pr-1` | expired | would-destroy |');
    expect(text).toContain('| `rg-x` | feat-pr-9 | listed |');
  });
});
