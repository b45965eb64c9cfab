import type { Target } from '@terrarium/core';

export interface BackendSummary {
  target: Target;
  backendConfigFile: string;
  containerCreated: boolean;
  authMode: string;
  workingDirectory: string | undefined;
}

/** Rows for the job summary table; every value is a name, never a credential. */
export function summaryRows(summary: BackendSummary): [string, string][] {
  const { target } = summary;
  return [
    ['Environment', target.environment],
    ['Environment id', target.envId],
    ['Instance', target.instance ?? '(long-lived)'],
    ['Safety', target.safety],
    ['Storage account', target.storageAccount],
    ['State container', `${target.stateContainer}${summary.containerCreated ? ' (created)' : ''}`],
    ['State key', target.stateKey],
    ['Authentication', summary.authMode],
    ['Expires at', target.expiresAt ?? 'never (long-lived)'],
    ['Backend config file', summary.backendConfigFile],
  ];
}

/** The init line people can copy; `-chdir` when terraform runs in another directory. */
export function initCommand(summary: BackendSummary): string {
  const chdir = summary.workingDirectory ? `-chdir=${summary.workingDirectory} ` : '';
  return `terraform ${chdir}init -backend-config=${summary.backendConfigFile}`;
}
