const WORD = /[\p{L}\p{N}]+/gu;
const CONTEXT_WORDS = 8;

/** How the search index sees a word: case-folded, without accents (unicode61, remove_diacritics). */
export function foldWord(word: string): string {
  return word.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * A short excerpt of a message around the first matched word, with \u0002/\u0003 around every
 * matched word (the view escapes the text, then turns them into <mark>). Done here, for the few
 * hits on a page, instead of by the index for every ranked match.
 */
export function snippetOf(body: string, terms: string[], prefix: string | null): string {
  const wanted = new Set(terms.map(foldWord));
  const start = prefix ? foldWord(prefix) : null;
  const words = [...body.matchAll(WORD)];
  const matches = words.map((m) => {
    const folded = foldWord(m[0]);
    return wanted.has(folded) || (start !== null && folded.startsWith(start));
  });
  const first = Math.max(0, matches.indexOf(true));
  const from = Math.max(0, first - CONTEXT_WORDS);
  const to = Math.min(words.length, first + CONTEXT_WORDS * 2);
  if (!words.length) return body.slice(0, 200);
  let out = from > 0 ? '…' : '';
  let cursor = from > 0 ? words[from]!.index! : 0;
  for (let i = from; i < to; i++) {
    const word = words[i]!;
    out += body.slice(cursor, word.index!);
    out += matches[i] ? `\u0002${word[0]}\u0003` : word[0];
    cursor = word.index! + word[0].length;
  }
  return out + (to < words.length ? '…' : body.slice(cursor));
}
