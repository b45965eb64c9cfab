import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  ConfigurationError,
  errorMessage,
  formatLocation,
  parseDuration,
  type SourceLocation,
} from '@terrarium/core';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { type Document, isMap, isNode, isPair, isScalar, LineCounter, parseDocument } from 'yaml';
import schema from '../schema/slo.schema.json' with { type: 'json' };
import type { FailureDefinition, IndicatorKind, ObjectiveSpec, ServiceSpec, SloSpec } from './spec-types.js';

/** A week of nightly runs: enough for a median one bad night cannot move. */
export const DEFAULT_BASELINE_REPORTS = 7;

let compiled: ValidateFunction | undefined;

/** Compiled on first use: a process that reads no SLO file (a provision) never pays for it. */
function validator(): ValidateFunction {
  compiled ??= new Ajv({
    allErrors: true,
    strict: true,
    strictRequired: false,
    allowUnionTypes: true,
  }).compile(schema);
  return compiled;
}

interface RawObjective {
  name: string;
  displayName?: string;
  indicator: IndicatorKind;
  endpoint?: string;
  percentile?: number;
  threshold?: number;
  target?: number;
  targetPercent?: number;
}
interface RawService {
  name: string;
  roleName?: string;
  table?: 'requests' | 'dependencies';
  match?: string;
  failures?: FailureDefinition;
  objectives: RawObjective[];
}
interface RawFile {
  metadata: { name: string; displayName?: string };
  spec: {
    timeWindow?: string;
    budgetingMethod?: 'Occurrences';
    failures?: FailureDefinition;
    regressionThreshold?: number;
    baselineReports?: number;
    services: RawService[];
  };
}

/** Reads and validates an SLO file; every mistake names file:line:column and what to change. */
export async function readSloFile(path: string): Promise<SloSpec> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigurationError(
      `cannot read the SLO file (${(error as NodeJS.ErrnoException).code ?? 'error'}); check the slo-file path`,
      { file },
    );
  }
  return parseSloText(text, file);
}

export function parseSloText(text: string, file: string): SloSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): SourceLocation => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const firstYamlError = doc.errors[0];
  if (firstYamlError) {
    throw new ConfigurationError(
      `the SLO file is not valid YAML: ${firstYamlError.message.split('\n')[0]}`,
      at(firstYamlError.pos[0]),
    );
  }
  const data: unknown = doc.toJS();
  if (data === null || data === undefined) {
    throw new ConfigurationError(
      'the SLO file is empty; start it with `apiVersion: terrarium.dev/v1alpha1` and `kind: SLO`',
      { file, line: 1, column: 1 },
    );
  }
  const validate = validator();
  if (!validate(data)) {
    const problems = describeErrors(validate.errors ?? [], doc, at);
    const [first, ...rest] = problems;
    const more = rest.map((p) => `\n${formatLocation(p.location)}: ${p.message}`).join('');
    throw new ConfigurationError(
      `${first?.message ?? 'invalid SLO file'}${more}`,
      first?.location ?? { file },
    );
  }
  return toSpec(data as unknown as RawFile, doc, file, at);
}

function toSpec(raw: RawFile, doc: Document, file: string, at: (o: number) => SourceLocation): SloSpec {
  const locate = (path: (string | number)[]) => locationOf(doc, path, at) ?? { file };
  const seenServices = new Set<string>();
  const services = raw.spec.services.map((service, s): ServiceSpec => {
    if (seenServices.has(service.name)) {
      throw new ConfigurationError(
        `service "${service.name}" is listed twice; merge its objectives into one entry`,
        locate(['spec', 'services', s, 'name']),
      );
    }
    seenServices.add(service.name);
    const seenObjectives = new Set<string>();
    const objectives = service.objectives.map((objective, o): ObjectiveSpec => {
      const path = ['spec', 'services', s, 'objectives', o];
      if (seenObjectives.has(objective.name)) {
        throw new ConfigurationError(
          `objective "${objective.name}" appears twice in service "${service.name}"; give each a unique name`,
          locate([...path, 'name']),
        );
      }
      seenObjectives.add(objective.name);
      return {
        name: objective.name,
        displayName: objective.displayName,
        indicator: objective.indicator,
        endpoint: objective.endpoint,
        percentile: objective.percentile,
        threshold: objective.threshold,
        target: targetOf(objective, (key) => locate([...path, key])),
        location: locate(path),
      };
    });
    return {
      name: service.name,
      roleName: service.roleName ?? service.name,
      table: service.table ?? 'requests',
      match: service.match,
      failures: service.failures ?? raw.spec.failures ?? 'server-errors',
      objectives,
      location: locate(['spec', 'services', s]),
    };
  });
  // Without a window, the SRE workbook's 30 days, the window its burn-rate pairs are written for.
  const timeWindow = raw.spec.timeWindow ?? '30d';
  return {
    file,
    name: raw.metadata.name,
    displayName: raw.metadata.displayName,
    timeWindow,
    timeWindowSeconds: windowSeconds(timeWindow, locate(['spec', 'timeWindow'])),
    budgetingMethod: 'Occurrences',
    regressionThresholdPercent: raw.spec.regressionThreshold ?? 10,
    baselineReports: raw.spec.baselineReports ?? DEFAULT_BASELINE_REPORTS,
    services,
  };
}

/**
 * The window in core's duration grammar (`28d`, `1h30m`); the schema has checked its shape, so
 * what is left to refuse (longer than ten years) is located in the file like any other mistake.
 */
function windowSeconds(text: string, location: SourceLocation): number {
  try {
    return parseDuration(text);
  } catch (error) {
    throw new ConfigurationError(`\`spec.timeWindow\`: ${errorMessage(error)}`, location);
  }
}

function targetOf(objective: RawObjective, locate: (key: string) => SourceLocation): number {
  switch (objective.indicator) {
    case 'latency':
    case 'ttft':
      return (objective.percentile ?? 0) / 100;
    case 'tokens-per-second':
      return 1 - (objective.percentile ?? 0) / 100;
    case 'availability':
      return availabilityTarget(objective, locate);
    case 'error-rate':
      return 1 - (objective.threshold ?? 0) / 100;
  }
}

/**
 * OpenSLO v1: `target` is a fraction (0.995), `targetPercent` a percent (99.5). A value that can
 * only be the other one, or no budget at all, is refused where it is written, with what to write.
 */
function availabilityTarget(objective: RawObjective, locate: (key: string) => SourceLocation): number {
  const { target, targetPercent } = objective;
  if (target !== undefined && targetPercent !== undefined) {
    throw new ConfigurationError(
      `give either \`target: ${target}\` (a fraction) or \`targetPercent: ${targetPercent}\` (a percent), not both`,
      locate('targetPercent'),
    );
  }
  if (target !== undefined) {
    if (target > 1 && target < 100) {
      throw new ConfigurationError(
        `target ${target} is a percent, but OpenSLO's \`target\` is a fraction: write \`target: ${fraction(target)}\` or \`targetPercent: ${target}\``,
        locate('target'),
      );
    }
    if (target <= 0 || target >= 1) {
      throw new ConfigurationError(
        `target ${target} is not a fraction between 0 and 1 that leaves an error budget; write e.g. \`target: 0.995\` (99.5% of requests good)`,
        locate('target'),
      );
    }
    return target;
  }
  const percent = targetPercent ?? 0;
  if (percent > 0 && percent < 1) {
    throw new ConfigurationError(
      `targetPercent ${percent} looks like a fraction; write \`targetPercent: ${Number((percent * 100).toPrecision(12))}\` or \`target: ${percent}\``,
      locate('targetPercent'),
    );
  }
  if (percent <= 0 || percent >= 100) {
    throw new ConfigurationError(
      `targetPercent ${percent} is not a percent between 0 and 100 that leaves an error budget; write e.g. \`targetPercent: 99.5\``,
      locate('targetPercent'),
    );
  }
  return percent / 100;
}

/** 99.5 -> 0.995 without the float noise of 99.5 / 100. */
function fraction(percent: number): number {
  return Number((percent / 100).toPrecision(12));
}

interface Problem {
  message: string;
  location: SourceLocation;
}

function describeErrors(errors: ErrorObject[], doc: Document, at: (o: number) => SourceLocation): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    // `if` and `anyOf` only say which branch failed; the branches' own errors say what to change.
    if (error.keyword === 'if' || error.keyword === 'anyOf') continue;
    const path = error.instancePath
      .split('/')
      .slice(1)
      .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
      .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
    let keyPath = path;
    let message: string;
    const field = path.length > 0 ? `\`${path.join('.')}\`` : 'the file';
    const params = error.params as Record<string, unknown>;
    switch (error.keyword) {
      case 'required':
        // Availability takes either form of the target: one message for both missing keys.
        if (params.missingProperty === 'target' || params.missingProperty === 'targetPercent') {
          message = `add \`target: 0.995\` (the fraction of requests that must succeed) or \`targetPercent: 99.5\` to ${field}`;
          break;
        }
        message = `add \`${String(params.missingProperty)}\` to ${field === 'the file' ? 'the top level' : field}${hintFor(String(params.missingProperty))}`;
        break;
      case 'additionalProperties': {
        const key = String(params.additionalProperty);
        keyPath = [...path, key];
        const allowed = Object.keys(allowedKeysAt(path)).join(', ');
        message = `remove or rename \`${key}\`: it is not a known key here (known: ${allowed})`;
        break;
      }
      case 'enum':
        message = `${field} must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
        break;
      case 'const':
        message = `${field} must be ${JSON.stringify(params.allowedValue)}`;
        break;
      case 'not':
        message = `${field}: ${notMessage(doc.getIn(path) as unknown)}`;
        break;
      case 'pattern':
        message = `${field} ${patternHint(path)}`;
        break;
      default:
        message = `${field} ${error.message ?? 'is invalid'}`;
    }
    const location = locationOf(doc, keyPath, at, error.keyword === 'additionalProperties') ?? {
      file: at(0).file,
    };
    const key = `${formatLocation(location)} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ message, location });
  }
  return problems;
}

function hintFor(key: string): string {
  switch (key) {
    case 'apiVersion':
      return ' (`apiVersion: terrarium.dev/v1alpha1`)';
    case 'percentile':
      return ', e.g. `percentile: 95`';
    case 'threshold':
      return ', e.g. `threshold: 1200` (ms for latency and ttft, tokens/s, or percent for error-rate)';
    case 'target':
    case 'targetPercent':
      return ', e.g. `target: 0.995` (the fraction of requests that must succeed) or `targetPercent: 99.5`';
    default:
      return '';
  }
}

function notMessage(node: unknown): string {
  const indicator = isMap(node) ? String(node.get('indicator')) : '';
  if (indicator === 'availability')
    return 'availability objectives take only `target` (a fraction, 0.995) or `targetPercent` (99.5); remove `percentile` and `threshold`';
  if (indicator === 'error-rate')
    return 'error-rate objectives take only `threshold` (largest error rate, percent); remove `percentile`, `target` and `targetPercent`';
  return `${indicator} objectives take \`percentile\` and \`threshold\`; remove \`target\` and \`targetPercent\``;
}

function patternHint(path: (string | number)[]): string {
  const last = path[path.length - 1];
  if (last === 'timeWindow')
    return 'must be a whole number and a unit (s, m, h, d, w), e.g. 1h or 28d, or several, e.g. 1h30m';
  if (path.includes('objectives')) return 'must be lowercase letters, digits and hyphens, e.g. latency-p95';
  if (path.includes('services'))
    return 'must start with a letter or digit and hold only letters, digits, ., _ and -';
  return 'must be lowercase letters, digits and hyphens (at most 63), e.g. llm-platform';
}

function allowedKeysAt(path: (string | number)[]): Record<string, unknown> {
  const definitions = schema.definitions;
  if (path.includes('objectives')) return definitions.objective.properties;
  if (path.includes('services')) return definitions.service.properties;
  if (path[0] === 'spec') return schema.properties.spec.properties;
  if (path[0] === 'metadata') return schema.properties.metadata.properties;
  return schema.properties;
}

/** The position of the node at `path` (or of its key), else of the nearest ancestor that exists. */
function locationOf(
  doc: Document,
  path: (string | number)[],
  at: (o: number) => SourceLocation,
  preferKey = false,
): SourceLocation | undefined {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const parentPath = path.slice(0, depth - 1);
    const last = path[depth - 1];
    if (depth > 0 && (preferKey || depth < path.length)) {
      const parent = depth - 1 === 0 ? doc.contents : doc.getIn(parentPath, true);
      if (isMap(parent) && typeof last === 'string') {
        const pair = parent.items.find(
          (item) => isPair(item) && isScalar(item.key) && item.key.value === last,
        );
        if (pair && isNode(pair.key) && pair.key.range) return at(pair.key.range[0]);
      }
    }
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) return at(node.range[0]);
  }
  return undefined;
}
