/**
 * Runs of three or more Latin words in a text: English left in what should
 * read as Chinese. Two words are let through, as names, codes and units
 * (`li.wei`, `YAML`, `CMP-2026-000001`, `DN50`) are written in Latin letters
 * in Chinese text too.
 */
export const englishRuns = (text: string): string[] =>
  text.match(/[A-Za-z][A-Za-z'’-]+(?:[ ,][A-Za-z][A-Za-z'’-]+){2,}/g) ?? [];
