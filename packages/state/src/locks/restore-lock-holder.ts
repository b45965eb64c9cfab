import { decodeLockInfo, LOCK_METADATA_KEY } from './lock-inspection.js';

/** Who holds a state's lease, in words, from the lock info terraform's azurerm backend writes beside it. */
export function describeLockHolder(metadata: Record<string, string> | undefined): string {
  const lock = decodeLockInfo(metadata?.[LOCK_METADATA_KEY]);
  if (!lock) return 'an unknown holder (no terraform lock info on the blob)';
  return `terraform lock ${lock.id ?? '?'} (${lock.operation ?? '?'} by ${lock.who ?? '?'} since ${lock.created?.toISOString() ?? '?'})`;
}
