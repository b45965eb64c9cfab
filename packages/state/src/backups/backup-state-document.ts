import { ConfigurationError } from '@terrarium/core';

/** The fields of a terraform state (format version 4) that backups and restores reason about. */
export interface StateDocument {
  version: number;
  serial: number;
  lineage: string;
  /** The whole parsed document, kept so a restore writes back everything else unchanged. */
  raw: Record<string, unknown>;
}

/** Parses a state blob's text; `where` names the blob in the message when it is not a state. */
export function parseStateDocument(text: string, where: string): StateDocument {
  if (text.trim() === '') throw new ConfigurationError(`${where} is empty: it holds no terraform state yet`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConfigurationError(`${where} is not JSON, so it is not a terraform state`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new ConfigurationError(`${where} is not a terraform state: expected a JSON object`);
  const doc = raw as Record<string, unknown>;
  const { version, serial, lineage } = doc;
  if (typeof version !== 'number' || version < 3)
    throw new ConfigurationError(`${where} is not a terraform state: "version" is missing or older than 3`);
  if (typeof serial !== 'number' || !Number.isInteger(serial) || serial < 0)
    throw new ConfigurationError(`${where} is not a terraform state: "serial" must be a whole number`);
  if (typeof lineage !== 'string' || lineage === '')
    throw new ConfigurationError(`${where} is not a terraform state: "lineage" is missing`);
  return { version, serial, lineage, raw: doc };
}

/** Terraform writes states indented by two spaces with a final newline; keep that so diffs stay readable. */
export function serializeStateDocument(raw: Record<string, unknown>): string {
  return `${JSON.stringify(raw, null, 2)}\n`;
}
