import type { recordingLogger } from '@terrarium/core/testing';
import { provisionEnvironment, teardownEnvironment } from '@terrarium/lifecycle';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type GitHubFake, startGitHubFake } from '../harness/github-fake.js';
import {
  featEnvironment,
  type ResilienceBed,
  readRecordBlob,
  readState,
  realDeps,
  resourceAddresses,
  startResilienceBed,
} from './resilience-bed.js';

let bed: ResilienceBed;
let github: GitHubFake;
beforeAll(async () => {
  bed = await startResilienceBed();
});
afterAll(async () => {
  await bed?.stop();
});
// A fake per test: failures injected for one never leak into the next.
beforeEach(async () => {
  github = await startGitHubFake();
});
afterEach(async () => {
  await github?.stop();
});

function setup(prefix: string, number: number) {
  const environment = featEnvironment(bed, { prefix, number, github });
  const base = {
    ...environment.base,
    run: { id: `${number}0`, url: `https://github.com/Codertocat/Hello-World/actions/runs/${number}0` },
  };
  const comments = () => github.comments.filter((comment) => comment.issue_number === number);
  return { ...environment, base, comments };
}

const warnings = (logger: ReturnType<typeof recordingLogger>) =>
  logger.lines.filter((line) => line.level === 'warning').map((line) => line.message);

describe('the GitHub API failing does not lose an environment', () => {
  it('brings the environment up when every comment and deployment call answers 500, says so, and comments on the next run', async () => {
    const { deps, base, target, container, logger, comments } = setup('gh500', 41);
    github.failNext({ pathIncludes: '/issues/41/comments' }, { status: 500 }, 1000);
    github.failNext({ pathIncludes: '/deployments' }, { status: 500 }, 1000);
    const result = await provisionEnvironment(deps, base);
    expect(result.outcome).toBe('applied');
    expect(resourceAddresses(await readState(bed.directService(), target))).toHaveLength(3);
    expect(await readRecordBlob(bed.directService(), container, target)).toMatchObject({ status: 'ready' });
    expect(comments()).toHaveLength(0);
    // The failures are reported, each after bounded retries, not swallowed.
    expect(warnings(logger).some((line) => /Could not update the pull request comment/.test(line))).toBe(
      true,
    );
    expect(warnings(logger).some((line) => /Could not update the deployment/.test(line))).toBe(true);
    expect(warnings(logger).some((line) => /answered 500; retrying/.test(line))).toBe(true);
    // GitHub recovers: the next run posts the comment it owes.
    const recovered = realDeps(bed, base.catalog, { logger, github: await restartedFake(41) });
    const again = await provisionEnvironment(recovered, { ...base, run: { id: '411', url: undefined } });
    // The expiry moved on, so terraform has a small change to apply; what matters is the comment.
    expect(['applied', 'unchanged']).toContain(again.outcome);
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.body).toContain('is ready');
  });

  it('waits out a 403 rate limit on the comment and posts it in the same run', async () => {
    const { deps, base, logger, comments } = setup('gh403', 42);
    const reset = Math.ceil(Date.now() / 1000) + 1;
    github.failNext(
      { method: 'GET', pathIncludes: '/issues/42/comments' },
      {
        status: 403,
        body: {
          message: 'API rate limit exceeded for installation ID 1.',
          documentation_url: 'https://docs.github.com/rest',
        },
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(reset),
          'x-ratelimit-limit': '5000',
        },
      },
      1,
    );
    const result = await provisionEnvironment(deps, base);
    expect(result.outcome).toBe('applied');
    expect(warnings(logger).some((line) => /rate limited\); retrying/.test(line))).toBe(true);
    // Waited out, not given up: no comment update was lost.
    expect(warnings(logger).filter((line) => /Could not update the pull request comment/.test(line))).toEqual(
      [],
    );
    expect(comments()).toHaveLength(1);
    expect(comments()[0]?.body).toContain('is ready');
  });

  it('tears down even when GitHub is down, and leaves no state or record behind', async () => {
    const { deps, base, target, container } = setup('ghdown', 43);
    await provisionEnvironment(deps, base);
    github.failNext({ pathIncludes: '/repos/' }, { status: 502 }, 1000);
    const result = await teardownEnvironment(deps, { ...base, run: { id: '431' } });
    expect(result.outcome).toBe('destroyed');
    expect(await readState(bed.directService(), target)).toBeUndefined();
    expect(await readRecordBlob(bed.directService(), container, target)).toBeUndefined();
  });

  it("never edits or deletes a person's comment that happens to contain Terrarium's marker", async () => {
    const { deps, base, comments } = setup('ghmark', 44);
    const quoted = '<!-- terrarium:env/feat-pr-44 -->\nI copied the bot comment here to ask about it.';
    const human = github.seedComment(44, quoted, 'octocat');
    const alsoHuman = github.seedComment(44, `Second copy: ${quoted}`, 'monalisa');
    await provisionEnvironment(deps, base);
    const byId = (id: number) => github.comments.find((comment) => comment.id === id);
    expect(byId(human.id)?.body).toBe(quoted);
    expect(byId(alsoHuman.id)?.body).toBe(`Second copy: ${quoted}`);
    const bots = comments().filter((comment) => comment.user.type === 'Bot');
    expect(bots).toHaveLength(1);
    expect(bots[0]?.body).toContain('is ready');
  });
});

/** GitHub back up: a fresh fake (its failure queue empty) that keeps the comments already posted. */
async function restartedFake(number: number): Promise<GitHubFake> {
  const previous = github;
  github = await startGitHubFake();
  github.setPull(number, { state: 'open', headRef: `feature/${number}` });
  github.comments.push(...previous.comments);
  await previous.stop();
  return github;
}
