import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { type BackendSpec, ConfigurationError, type Target } from '@terrarium/core';
import type { StorageAuth } from './storage-auth.js';

/**
 * The azurerm backend settings for one environment. Credentials never go here: terraform
 * takes them from its environment (StorageAuth.terraformEnv), so this file is safe to keep.
 */
export function backendConfigFor(
  target: Pick<Target, 'stateContainer' | 'stateKey'>,
  auth: Pick<StorageAuth, 'useAzureAdAuth' | 'accountName'>,
  backend: BackendSpec,
): Record<string, string> {
  const config: Record<string, string> = {
    storage_account_name: auth.accountName,
    container_name: target.stateContainer,
    key: target.stateKey,
  };
  if (auth.useAzureAdAuth) config.use_azuread_auth = 'true';
  if (backend.resourceGroup) config.resource_group_name = backend.resourceGroup;
  if (backend.subscriptionId) config.subscription_id = backend.subscriptionId;
  return config;
}

/** Settings terraform reads as booleans; written bare so no type conversion is involved. */
const BOOLEAN_KEYS = new Set(['use_azuread_auth', 'use_oidc', 'use_msi', 'use_cli', 'snapshot']);
const SECRET_KEYS = /(access_key|sas_token|secret|password|token|connection_string|client_certificate)/i;
const SECRET_VALUES: RegExp[] = [
  /AccountKey=/i,
  /SharedAccessSignature=/i,
  /(^|[?&])sig=/i,
  // An account key: 64 random bytes in base64.
  /^[A-Za-z0-9+/]{86}==$/,
  // A JSON web token.
  /^eyJ[\w-]+\.[\w-]+\.[\w-]+$/,
];

/** Why a setting may not be written, or undefined when it may. Never echoes the value. */
export function secretReason(key: string, value: string): string | undefined {
  if (SECRET_KEYS.test(key)) return `"${key}" is a credential setting`;
  if (SECRET_VALUES.some((pattern) => pattern.test(value)))
    return `the value of "${key}" looks like a secret`;
  return undefined;
}

/** A quoted HCL string: escapes quotes, backslashes, control characters and template openers. */
export function hclString(value: string): string {
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  // `${` and `%{` would start a template: HCL escapes them by doubling the sigil.
  return `"${out.replace(/([$%])\{/g, (_match, sigil: string) => `${sigil}${sigil}{`)}"`;
}

export function renderBackendConfig(config: Record<string, string>): string {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    if (!/^[a-z_][a-z0-9_]*$/.test(key))
      throw new Error(`backend setting name "${key}" is not an identifier`);
    const reason = secretReason(key, value);
    if (reason) {
      throw new ConfigurationError(
        `refusing to write the backend configuration: ${reason}; give credentials to terraform through its environment (ARM_ACCESS_KEY, ARM_SAS_TOKEN or Entra ID), never in backend settings`,
      );
    }
    const isBoolean = BOOLEAN_KEYS.has(key) && (value === 'true' || value === 'false');
    lines.push(`${key} = ${isBoolean ? value : hclString(value)}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes the settings to a new file (`-backend-config=<path>`) in the runner's temp folder,
 * readable by this user only, and returns its path. Never inside the checked-out repository,
 * where it could be committed or uploaded as an artifact.
 */
export function writeBackendConfigFile(
  config: Record<string, string>,
  dir: string = process.env.RUNNER_TEMP ?? tmpdir(),
): string {
  const text = renderBackendConfig(config);
  const workspace = process.env.GITHUB_WORKSPACE;
  if (workspace) {
    const inside = relative(resolve(workspace), resolve(dir));
    if (inside === '' || (!inside.startsWith('..') && !inside.startsWith('/'))) {
      throw new ConfigurationError(
        `backend configuration folder "${dir}" is inside the repository checkout (${workspace}); use RUNNER_TEMP`,
      );
    }
  }
  const path = join(dir, `terrarium-backend-${randomUUID()}.hcl`);
  writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
  return path;
}
