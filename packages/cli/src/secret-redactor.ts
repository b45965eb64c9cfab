import { SECRET_VARIABLES } from '@terrarium/core';

/**
 * Everything the CLI writes goes through one of these, so a secret that reached a message by
 * any path (an SDK error quoting a request, a stack in --debug) is replaced before it prints.
 */
export interface SecretRedactor {
  add(secret: string | undefined): void;
  redact(text: string): string;
}

// Shorter values would redact ordinary words; real keys and tokens are far longer.
const MIN_SECRET_LENGTH = 8;
// SAS signatures and account keys can also arrive inside URLs or connection strings we never saw whole.
const SHAPED_SECRETS = [
  /([?&]sig=)[^&\s"']+/gi,
  /(AccountKey=)[^;\s"']+/gi,
  /(SharedAccessSignature=)[^;\s"']+/gi,
];

export function createSecretRedactor(): SecretRedactor {
  const secrets = new Set<string>();
  return {
    add(secret) {
      if (secret === undefined || secret.length < MIN_SECRET_LENGTH) return;
      secrets.add(secret);
      // A connection string's parts can be quoted on their own.
      for (const part of secret.split(';')) {
        const value = part.slice(part.indexOf('=') + 1);
        if (/^(AccountKey|SharedAccessSignature)=/i.test(part) && value.length >= MIN_SECRET_LENGTH) {
          secrets.add(value);
          secrets.add(encodeURIComponent(value));
        }
      }
    },
    redact(text) {
      let out = text;
      // Longest first, so a connection string is replaced whole before its key is.
      for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
        out = out.split(secret).join('***');
      }
      for (const shape of SHAPED_SECRETS) out = out.replace(shape, '$1***');
      return out;
    },
  };
}

/** The credential variables' values, whole: `add` finds the key or SAS inside each itself. */
export function secretsFromEnvironment(env: NodeJS.ProcessEnv): string[] {
  return SECRET_VARIABLES.map((name) => env[name]).filter((value): value is string => Boolean(value));
}
