import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Catalog, parseCatalog } from '@terrarium/core';
import { recordingLogger } from '@terrarium/core/testing';
import type { LifecycleDeps, SloReportDeps } from '../src/ports.js';
import {
  InMemoryGitHub,
  InMemoryResourceGroups,
  InMemorySloHistory,
  InMemoryState,
  InMemoryTerraform,
  type Journal,
  ManualClock,
} from './in-memory-ports.js';

/** A catalog with one environment of each kind and safety level, for unit tests. */
export function testCatalog(): Catalog {
  const dir = mkdtempSync(join(tmpdir(), 'terrarium-lifecycle-unit-'));
  return parseCatalog(
    `version: 1
backend:
  storage-account: terrariumtest
terraform:
  root-module: module
environments:
  dev:
    kind: long-lived
  stg:
    kind: long-lived
    safety: enhanced
  prod:
    kind: long-lived
    safety: maximum
  feat:
    kind: ephemeral
    ttl: 72h
    variables:
      app_sku: B1
  perf:
    kind: ephemeral
    ttl: 6h
    scaling:
      instances: 2
`,
    join(dir, 'environments.yaml'),
  );
}

export const START = new Date('2026-11-22T00:00:00Z');

/** Every in-memory port wired together, sharing one journal and one manual clock. */
export function testBed() {
  const journal: Journal = { calls: [] };
  const clock = new ManualClock(START);
  const state = new InMemoryState(journal, clock);
  const terraform = new InMemoryTerraform(journal, state);
  const github = new InMemoryGitHub(journal);
  const resourceGroups = new InMemoryResourceGroups();
  const history = new InMemorySloHistory(journal);
  const logger = recordingLogger();
  const deps: LifecycleDeps & SloReportDeps = {
    logger,
    state,
    terraform: terraform.port,
    github,
    resourceGroups,
    clock,
    history,
  };
  return {
    journal,
    clock,
    state,
    terraform,
    github,
    resourceGroups,
    history,
    logger,
    deps,
    catalog: testCatalog(),
  };
}

export const prEvent = (pullRequest: number) => ({
  eventName: 'pull_request',
  pullRequest,
  branch: 'feature/login',
  runId: '5001',
});
