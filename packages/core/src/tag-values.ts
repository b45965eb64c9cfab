import { shortHash } from './short-hash.js';

export const TAG_NAME_MAX = 512;
export const TAG_VALUE_MAX = 256;
/** Azure refuses these in tag names; we keep them out of values too, along with control and format characters. */
const UNSAFE_CHAR = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}<>%&\\?]/u;
const UNSAFE_CHARS = new RegExp(UNSAFE_CHAR.source, 'gu');

/**
 * Untrusted free text (a branch name, a PR title) made safe as a tag value or a terraform string:
 * no control, format, separator or `<>%&\?` characters, at most `max` UTF-16 units. When anything
 * is lost, a hash of the original is appended so different inputs stay different.
 */
export function safeText(input: string, max = TAG_VALUE_MAX): string {
  const cleaned = input.replace(UNSAFE_CHARS, '_');
  if (cleaned === input && input.length <= max) return input;
  const suffix = `~${shortHash(input)}`;
  let head = '';
  for (const char of cleaned) {
    if (head.length + char.length > max - suffix.length) break;
    head += char;
  }
  return `${head}${suffix}`;
}

/** Whether a tag name is acceptable to Azure Resource Manager. */
export function isValidTagName(name: string): boolean {
  return (
    name.length > 0 && name.length <= TAG_NAME_MAX && !/[<>%&\\?/]/.test(name) && !UNSAFE_CHAR.test(name)
  );
}

/** Whether a tag value is acceptable to Azure Resource Manager and carries nothing unsafe. */
export function isValidTagValue(value: string): boolean {
  return value.length <= TAG_VALUE_MAX && !UNSAFE_CHAR.test(value);
}
