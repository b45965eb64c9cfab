import type { Catalog, Target } from '@terrarium/core';
import { openStorage } from '@terrarium/runtime';
import type { StorageAuth } from '@terrarium/state';
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

export function openStorageSession(context: CommandContext, catalog: Catalog): StorageSession {
  const auth = openStorage(catalog.backend, context.env, {
    logger: context.logger,
    mask: (secret) => context.redactor.add(secret),
  });
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
