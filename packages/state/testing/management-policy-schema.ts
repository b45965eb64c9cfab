import { readFileSync } from 'node:fs';

type Json = Record<string, unknown>;

interface SchemaFixture {
  origin: Record<string, string>;
  documentedLimits: Record<string, unknown>;
  definitions: Record<string, Json>;
}

const FIXTURE = new URL('./fixtures/management-policy-schema-2025-06-01.json', import.meta.url);

/** The ManagementPolicy* definitions of storage.json (api-version 2025-06-01) and Microsoft's documented limits. */
export function managementPolicySchema(): SchemaFixture {
  return JSON.parse(readFileSync(FIXTURE, 'utf8')) as SchemaFixture;
}

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function typeOk(type: unknown, value: unknown): boolean {
  switch (type) {
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    default:
      return true;
  }
}

/**
 * Checks a value against a swagger 2.0 definition the way ARM reads it: types, required
 * properties, enums, lengths, minimums and multiples, and no property the schema does not declare
 * (ARM would drop it silently, which for a policy is a rule that does not do what it says).
 */
function check(value: unknown, schema: Json, path: string, definitions: Record<string, Json>, out: string[]) {
  const ref = schema.$ref;
  if (typeof ref === 'string') {
    const target = definitions[ref.replace('#/definitions/', '')];
    if (!target) throw new Error(`the schema fixture has no ${ref}`);
    check(value, target, path, definitions, out);
    return;
  }
  if (!typeOk(schema.type, value)) {
    out.push(`${path} must be a ${String(schema.type)}`);
    return;
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    out.push(`${path} must be one of ${schema.enum.join(', ')}`);
  if (typeof value === 'string') {
    if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      out.push(`${path} is shorter than ${schema.minLength}`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
      out.push(`${path} is longer than ${schema.maxLength}`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum)
      out.push(`${path} is below ${schema.minimum}`);
    if (typeof schema.multipleOf === 'number' && value % schema.multipleOf !== 0)
      out.push(`${path} is not a multiple of ${schema.multipleOf}`);
  }
  if (Array.isArray(value) && isObject(schema.items))
    for (const [i, item] of value.entries()) check(item, schema.items, `${path}[${i}]`, definitions, out);
  if (isObject(schema.properties)) {
    if (!isObject(value)) {
      out.push(`${path} must be an object`);
      return;
    }
    const properties = schema.properties as Record<string, Json>;
    // As sent: JSON has no undefined, so a property set to undefined is one left out.
    for (const key of (schema.required as string[] | undefined) ?? [])
      if (value[key] === undefined) out.push(`${path}.${key} is required`);
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      const property = properties[key];
      if (!property) out.push(`${path}.${key} is not in the schema`);
      else check(item, property, `${path}.${key}`, definitions, out);
    }
  }
}

const CONDITIONS = [
  'daysAfterModificationGreaterThan',
  'daysAfterLastAccessTimeGreaterThan',
  'daysAfterCreationGreaterThan',
];

/** The limits Microsoft documents beside the schema, checked on a schema-valid policy. */
function checkLimits(policy: Json, limits: Record<string, unknown>, out: string[]) {
  const rules = (policy.rules as Json[] | undefined) ?? [];
  if (rules.length === 0) out.push('policy.rules is empty');
  if (rules.length > (limits.maxRules as number)) out.push(`policy.rules has more than ${limits.maxRules}`);
  const names = new Set<string>();
  for (const [i, rule] of rules.entries()) {
    const at = `policy.rules[${i}]`;
    const name = String(rule.name);
    if (!/^[A-Za-z0-9-]+$/.test(name) || name.length > (limits.maxRuleNameLength as number))
      out.push(`${at}.name is not 1-256 letters, digits or hyphens`);
    if (names.has(name)) out.push(`${at}.name is not unique`);
    names.add(name);
    const definition = (rule.definition ?? {}) as Json;
    const filters = (definition.filters ?? {}) as Json;
    const actions = (definition.actions ?? {}) as Json;
    const prefixes = (filters.prefixMatch as string[] | undefined) ?? [];
    if (prefixes.length > (limits.maxPrefixesPerRule as number)) out.push(`${at} has too many prefixes`);
    for (const prefix of prefixes)
      if (!/^(?:\$root|\$web|[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62})(?:\/|$)/.test(prefix))
        out.push(`${at} prefix ${prefix} does not start with a container name`);
    const tags = (filters.blobIndexMatch as Json[] | undefined) ?? [];
    if (tags.length > (limits.maxTagFiltersPerRule as number)) out.push(`${at} has too many tag filters`);
    if (tags.some((tag) => tag.op !== '==')) out.push(`${at} uses a tag operator other than ==`);
    if (tags.length > 0 && ('version' in actions || 'snapshot' in actions))
      out.push(`${at} filters versions or snapshots by tag`);
    const types = (filters.blobTypes as string[] | undefined) ?? [];
    if (definition.filters !== undefined && types.length === 0) out.push(`${at} lists no blob type`);
    for (const type of types)
      if (!(limits.blobTypes as string[]).includes(type)) out.push(`${at} blob type ${type} is unknown`);
    if (Object.keys(actions).length === 0) out.push(`${at} has no actions`);
    for (const [kind, set] of Object.entries(actions)) {
      if (!isObject(set)) continue;
      if (Object.keys(set).length === 0) out.push(`${at}.${kind} has no action`);
      for (const [action, condition] of Object.entries(set)) {
        if (types.includes('appendBlob') && action !== 'delete') out.push(`${at} tiers append blobs`);
        if (!isObject(condition)) continue;
        if (kind === 'baseBlob' && CONDITIONS.filter((key) => key in condition).length !== 1)
          out.push(`${at}.${kind}.${action} needs exactly one age condition`);
        if ('daysAfterLastTierChangeGreaterThan' in condition && action !== 'tierToArchive')
          out.push(`${at}.${kind}.${action} uses daysAfterLastTierChangeGreaterThan`);
      }
    }
  }
}

/** Every way `document` ({ policy: { rules } }) breaks the 2025-06-01 schema or a documented limit. */
export function schemaProblems(document: unknown): string[] {
  const { definitions, documentedLimits } = managementPolicySchema();
  const policy = isObject(document) ? document.policy : undefined;
  const out: string[] = [];
  if (!isObject(policy)) return ['the document must be { "policy": { "rules": [...] } }'];
  check(policy, { $ref: '#/definitions/ManagementPolicySchema' }, 'policy', definitions, out);
  if (out.length === 0) checkLimits(policy, documentedLimits, out);
  return out;
}
