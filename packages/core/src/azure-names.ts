import { shortHash } from './short-hash.js';

/** Lowercase letters, digits and single hyphens, starting and ending with a letter or digit. */
export const HYPHEN_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const CONTAINER_MAX = 63;
export const SLUG_MAX = 40;
export const RESOURCE_GROUP_MAX = 90;

/**
 * `input` as a name of lowercase letters, digits and single hyphens, `minLength`..`maxLength` long.
 * Returned unchanged when already valid; otherwise sanitised, truncated and suffixed with a hash of
 * the untouched input, so two different inputs never end up with the same name.
 */
export function fitHyphenName(input: string, maxLength: number, minLength = 1): string {
  if (HYPHEN_NAME.test(input) && input.length >= minLength && input.length <= maxLength) return input;
  const cleaned = input
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const suffix = shortHash(input);
  const head = cleaned.slice(0, maxLength - suffix.length - 1).replace(/-+$/, '');
  return head ? `${head}-${suffix}` : suffix;
}

/** Blob container for one environment in the container-per-environment layout: `<container>-<envId>`. */
export function environmentContainerName(container: string, envId: string): string {
  return fitHyphenName(`${container}-${envId}`, CONTAINER_MAX, 3);
}

/** A resource-name-safe form of the environment id (`feat-pr-123`), at most 40 characters. */
export function slugFor(envId: string): string {
  return fitHyphenName(envId, SLUG_MAX);
}

/** `rg-<slug>`: valid as a resource group name (<= 90 characters). */
export function resourceGroupFor(slug: string): string {
  return `rg-${slug}`.slice(0, RESOURCE_GROUP_MAX);
}
