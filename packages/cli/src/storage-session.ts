import type { Catalog, Target } from '@terrarium/core';
import { resolveStorageAuth, type StorageAuth } from '@terrarium/state';
import type { CommandContext } from './command.js';

type ContainerClient = ReturnType<StorageAuth['blobService']['getContainerClient']>;

/** The state account as one command sees it: the catalog's main container and each target's. */
export interface StorageSession {
  auth: StorageAuth;
  /** Holds long-lived states, records and backups. */
  main: ContainerClient;
  /** The target's state container when it is not the main one (container-per-environment layout). */
  stateContainerOf(target: Pick<Target, 'stateContainer'>): ContainerClient | undefined;
}

export function openStorage(context: CommandContext, catalog: Catalog): StorageSession {
  const auth = resolveStorageAuth(catalog.backend, context.env);
  for (const secret of auth.secrets) context.redactor.add(secret);
  context.logger.debug(`storage account ${auth.accountName}, authenticated by ${auth.mode}`);
  const main = auth.blobService.getContainerClient(catalog.backend.container);
  return {
    auth,
    main,
    stateContainerOf: (target) =>
      target.stateContainer === catalog.backend.container
        ? undefined
        : auth.blobService.getContainerClient(target.stateContainer),
  };
}
