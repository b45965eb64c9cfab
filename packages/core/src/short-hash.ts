import { createHash } from 'node:crypto';

/** Six hex digits of sha256: keeps names unique when sanitising or truncation loses information. */
export function shortHash(input: string, length = 6): string {
  return createHash('sha256').update(input, 'utf8').digest('hex').slice(0, length);
}
