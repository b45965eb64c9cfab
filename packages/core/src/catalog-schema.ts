import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../schema/environments.schema.json' with { type: 'json' };
import { didYouMean } from './did-you-mean.js';
import { ConfigurationError, formatLocation } from './errors.js';
import type { YamlSource } from './yaml-source.js';

/** The JSON Schema editors use to complete and check `environments.yaml`. */
export const catalogSchema: Readonly<Record<string, unknown>> = schema;

let compiled: ValidateFunction | undefined;

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
    // Annotation only: the message shown when a pattern fails, for editors and for us.
    ajv.addKeyword('errorMessage');
    compiled = ajv.compile(schema);
  }
  return compiled;
}

/** At most this many problems are reported at once; the rest follow once these are fixed. */
const MAX_REPORTED = 10;

/** Validates the plain value against the schema; throws one ConfigurationError listing every problem found. */
export function validateCatalogSchema(source: YamlSource): void {
  const validate = validator();
  if (validate(source.value)) return;
  const problems = (validate.errors ?? []).filter(
    (error) => error.keyword !== 'if' && error.keyword !== 'propertyNames',
  );
  const described = problems.map((error) => describe(error, source));
  const unique = [...new Map(described.map((problem) => [problem.text, problem])).values()].sort(
    (a, b) =>
      (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0),
  );
  const [first, ...rest] = unique;
  if (!first) throw new ConfigurationError('the catalog does not match its schema', { file: source.file });
  const more = rest.slice(0, MAX_REPORTED - 1).map((problem) => `\n${problem.text}`);
  const omitted = rest.length > MAX_REPORTED - 1 ? `\n(and ${rest.length - MAX_REPORTED + 1} more)` : '';
  throw new ConfigurationError(`${first.message}${more.join('')}${omitted}`, first.location);
}

interface Problem {
  message: string;
  location: ReturnType<YamlSource['locate']>;
  /** Location and message, for sorting, de-duplication and listing. */
  text: string;
}

function describe(error: ErrorObject, source: YamlSource): Problem {
  const path = pointerToPath(error.instancePath);
  const name = pathName(path);
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as Record<string, unknown>;
  let message: string;
  let location = source.locate(path);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((parent.properties ?? {}) as Record<string, unknown>).filter(
        (k) => k !== '$schema',
      );
      location = source.locate([...path, key], 'key');
      const value = (error.data as Record<string, unknown>)[key];
      // An environment written at the top level instead of under environments:.
      const misplaced =
        path.length === 0 && value !== null && typeof value === 'object' && 'kind' in value
          ? ` Environments belong under environments:; indent "${key}" beneath it.`
          : '';
      message = `${name ? `${name}: ` : ''}unknown key "${key}"; allowed keys are ${allowed.join(', ')}.${didYouMean(key, allowed) || misplaced}`;
      break;
    }
    case 'required': {
      const key = String(params.missingProperty);
      const hint = key === 'version' ? ' (write version: 1)' : '';
      message = `${name || 'the catalog'} is missing the required key "${key}"; add it${hint}`;
      break;
    }
    case 'pattern': {
      if (params.propertyName !== undefined || error.propertyName !== undefined) {
        const key = String(error.propertyName ?? params.propertyName);
        location = source.locate([...path, key], 'key');
        message = `${name}: "${key}" is not a valid environment name; use 1-20 lowercase letters, digits and hyphens, starting with a letter`;
      } else {
        const hint =
          typeof parent.errorMessage === 'string' ? parent.errorMessage : `must match ${params.pattern}`;
        message = `${name}: ${JSON.stringify(error.data)} ${hint}`;
      }
      break;
    }
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      message = `${name}: ${JSON.stringify(error.data)} is not allowed; use one of ${allowed.join(', ')}.${didYouMean(String(error.data), allowed)}`;
      break;
    }
    case 'const': {
      const hint =
        typeof parent.errorMessage === 'string' ? parent.errorMessage : `must be ${params.allowedValue}`;
      message = `${name}: ${JSON.stringify(error.data)} ${hint}`;
      break;
    }
    case 'type':
      if (error.data === null) {
        message = `${name || 'the catalog'} is empty; write ${article(String(params.type).replace(/,/g, ' or '))} here`;
        break;
      }
      message = `${name || 'the catalog'}: ${JSON.stringify(error.data) ?? 'this value'} is ${article(kindOf(error.data))}; write ${article(String(params.type).replace(/,/g, ' or '))} here`;
      break;
    case 'minProperties':
      message = `${name || 'the catalog'} is empty; declare at least ${params.limit === 1 ? 'one entry' : `${params.limit} entries`}`;
      break;
    default:
      message = `${name || 'the catalog'} ${error.message ?? 'is not valid'}`;
  }
  return { message, location, text: `${formatLocation(location)}: ${message}` };
}

function pointerToPath(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `environments.feat.ttl`, `environments.dev.var-files[0]`. */
export function pathName(path: readonly (string | number)[]): string {
  return path.reduce<string>((name, step) => {
    if (typeof step === 'number' || /^\d+$/.test(String(step))) return `${name}[${step}]`;
    return name ? `${name}.${step}` : String(step);
  }, '');
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'mapping';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function article(noun: string): string {
  const word = noun === 'object' ? 'mapping' : noun === 'array' ? 'list' : noun;
  if (word === 'null') return 'null';
  return /^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`;
}
