import type { BlobServiceClient } from '@azure/storage-blob';
import { ConfigurationError, type Logger } from '@terrarium/core';

export interface EnsureContainerResult {
  created: boolean;
}

const CONTAINER_NAME = /^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Creates the container when it is missing. Many runs may race here (every PR opened at
 * once): whoever loses gets 409 ContainerAlreadyExists, which is success. Never public.
 */
export async function ensureContainer(
  service: BlobServiceClient,
  name: string,
  logger: Logger,
): Promise<EnsureContainerResult> {
  if (!CONTAINER_NAME.test(name)) {
    throw new ConfigurationError(
      `container name "${name}" is not valid in Azure Storage: use 3-63 lowercase letters, digits and single hyphens`,
    );
  }
  const container = service.getContainerClient(name);
  // No `access` option: the container stays private (state holds secrets in plain text).
  const response = await container.createIfNotExists();
  if (response.succeeded) {
    logger.info(`Created state container "${name}".`);
    return { created: true };
  }
  if (response.errorCode && response.errorCode !== 'ContainerAlreadyExists') {
    throw new Error(`could not create container "${name}": ${response.errorCode}`);
  }
  logger.debug(`State container "${name}" already exists.`);
  return { created: false };
}
