import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { TokenCredential } from '@azure/core-auth';
import { ConfigurationError } from '@terrarium/core';

const run = promisify(execFile);

/**
 * Tokens from the Azure CLI the runner signed in with (azure/login, OIDC or a secret), so the
 * action needs no credential input of its own. Each token is masked before anything can print it.
 */
export function azureCliCredential(mask: (secret: string) => void): TokenCredential {
  return {
    async getToken(scopes) {
      const scope = Array.isArray(scopes) ? scopes[0] : scopes;
      let stdout: string;
      try {
        ({ stdout } = await run(
          'az',
          ['account', 'get-access-token', '--scope', String(scope), '--output', 'json'],
          {
            maxBuffer: 1024 * 1024,
          },
        ));
      } catch {
        throw new ConfigurationError(
          'could not get a token from the Azure CLI for App Insights; sign in first with azure/login and allow the identity to read the workspace (Log Analytics Reader)',
        );
      }
      const parsed = JSON.parse(stdout) as { accessToken: string; expires_on?: number; expiresOn?: string };
      mask(parsed.accessToken);
      const expires =
        parsed.expires_on !== undefined ? parsed.expires_on * 1000 : Date.parse(parsed.expiresOn ?? '');
      return {
        token: parsed.accessToken,
        expiresOnTimestamp: Number.isFinite(expires) ? expires : Date.now() + 600_000,
      };
    },
  };
}
