/**
 * Environment variables whose values are credentials on a runner or a workstation: storage
 * connection strings, keys and SAS tokens, service principal secrets, GitHub tokens. Every entry
 * point (the actions, the CLI) hides them before anything it runs can print.
 */
export const SECRET_VARIABLES = [
  'AZURE_STORAGE_CONNECTION_STRING',
  'AZURE_STORAGE_KEY',
  'AZURE_STORAGE_SAS_TOKEN',
  'ARM_ACCESS_KEY',
  'ARM_SAS_TOKEN',
  'ARM_CLIENT_SECRET',
  'AZURE_CLIENT_SECRET',
  'GITHUB_TOKEN',
  'GH_TOKEN',
] as const;

/**
 * Every secret value in the environment, whole and, for connection strings, the key or SAS
 * inside (either could be printed alone).
 */
export function secretValuesIn(env: Record<string, string | undefined>): string[] {
  const secrets: string[] = [];
  for (const name of SECRET_VARIABLES) {
    const value = env[name]?.trim();
    if (!value) continue;
    secrets.push(value);
    for (const part of value.split(';')) {
      const match = /^\s*(AccountKey|SharedAccessSignature)\s*=(.+)$/i.exec(part);
      if (match?.[2]) secrets.push(match[2].trim());
    }
  }
  return secrets;
}
