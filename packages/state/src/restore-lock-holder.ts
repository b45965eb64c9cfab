/**
 * Who holds a state's lease, in words, from the `terraformlockid` metadata terraform's azurerm
 * backend writes next to its lease (base64 JSON with ID, Operation, Who, Created).
 */
export function describeLockHolder(metadata: Record<string, string> | undefined): string {
  const encoded = metadata?.terraformlockid;
  if (!encoded) return 'an unknown holder (no terraform lock info on the blob)';
  try {
    const info = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Record<string, unknown>;
    const part = (key: string) =>
      typeof info[key] === 'string' && info[key] !== '' ? String(info[key]) : '?';
    return `terraform lock ${part('ID')} (${part('Operation')} by ${part('Who')} since ${part('Created')})`;
  } catch {
    return 'an unknown holder (unreadable terraform lock info)';
  }
}
