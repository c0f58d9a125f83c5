/** At most this many words per search: more adds cost and little precision. */
export const MAX_TERMS = 8;
const MAX_TERM_LENGTH = 64;

export interface SearchQuery {
  /** FTS5 MATCH expression built only from quoted terms; never the person's raw text. */
  match: string;
  terms: string[];
  /** The last term also matches longer words (a prefix, as typed so far). */
  prefix: string | null;
}

/**
 * Turns whatever a person typed into a safe FTS5 query. Only letters and digits survive, each
 * word is quoted (so AND, NEAR, column filters, brackets and stars mean nothing), text in double
 * quotes stays a phrase, and the last word of at least two letters matches as a prefix, as
 * people expect while typing. Returns null when nothing searchable is left (only symbols or emoji).
 *
 * @example
 * toSearchQuery('refund "credit card" inv')  // match: '"refund" "credit card" "inv"*'
 */
export function toSearchQuery(input: string): SearchQuery | null {
  const groups: string[][] = [];
  const parts = input.slice(0, 500).split('"');
  parts.forEach((part, index) => {
    const words = part.normalize('NFKC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
    const trimmed = words.map((w) => w.slice(0, MAX_TERM_LENGTH));
    // Odd parts sat between quotes: a phrase. An unclosed quote still counts as a phrase.
    if (index % 2 === 1 && trimmed.length > 1) groups.push(trimmed);
    else for (const word of trimmed) groups.push([word]);
  });
  const kept = groups.slice(0, MAX_TERMS);
  if (!kept.length) return null;
  let prefix: string | null = null;
  const clauses = kept.map((group, index) => {
    const phrase = `"${group.join(' ')}"`;
    const last = index === kept.length - 1 && group.length === 1 && [...group[0]!].length >= 2 && !/"\s*$/.test(input);
    if (last) prefix = group[0]!;
    return last ? `${phrase}*` : phrase;
  });
  return { match: clauses.join(' '), terms: kept.flat(), prefix };
}
