/**
 * Replaces every registered secret with `***` in text the demo prints or keeps on disk.
 * Bundled actions announce secrets with `::add-mask::`, which a runner hides; the demo plays the
 * runner, so it hides them too, and never prints the account key, connection string or token.
 */
export interface Redactor {
  add(secret: string | undefined): void;
  redact(text: string): string;
}

export function createRedactor(): Redactor {
  const secrets = new Set<string>();
  return {
    add(secret) {
      const value = secret?.trim();
      // Very short values would blank out ordinary words.
      if (value && value.length >= 6) secrets.add(value);
    },
    redact(text) {
      let result = text;
      // Longest first, so a connection string is hidden whole before the key inside it.
      for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
        result = result.split(secret).join('***');
      }
      return result;
    },
  };
}
