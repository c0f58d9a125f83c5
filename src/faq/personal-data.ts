/*
 * Personal data an FAQ draft may still carry from the transcripts it was made from: e-mail
 * addresses, phone numbers, and what Lineup knows about the source visitors (names, addresses,
 * custom fields). Each finding must go from the text, or be cleared by a supporter, before the
 * entry can be published.
 */

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// Seven or more digits, as phone numbers are written: +45 12 34 56 78, (030) 123-4567, 0123456789.
const PHONE = /(?<![\p{L}\p{N}])[+(]?\d[\d\s().-]{5,}\d(?![\p{L}\p{N}])/gu;

export interface Finding { kind: 'email' | 'phone' | 'visitor'; text: string }

/** What the visitors of the source transcripts were known by: their names, addresses and fields. */
export interface KnownVisitor { name: string; email: string | null; fields: string[] }

/** Whole-word, case-insensitive presence of a name in a text (a one-letter "name" never counts). */
function mentions(text: string, word: string): boolean {
  if ([...word].length < 2) return false;
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escaped}($|[^\\p{L}\\p{N}])`, 'iu').test(text);
}

/** The personal data found in a question and answer, minus what was cleared, without repeats. */
export function personalDataIn(text: string, visitors: KnownVisitor[], cleared: string[]): Finding[] {
  const found = new Map<string, Finding>();
  const add = (kind: Finding['kind'], value: string) => {
    const key = value.trim();
    if (key && !cleared.some((c) => c.toLowerCase() === key.toLowerCase()) && !found.has(key.toLowerCase())) found.set(key.toLowerCase(), { kind, text: key });
  };
  for (const m of text.matchAll(EMAIL)) add('email', m[0]);
  for (const m of text.matchAll(PHONE)) if (m[0].replace(/\D/g, '').length >= 7) add('phone', m[0]);
  for (const v of visitors) {
    for (const word of [v.name, ...v.name.split(/\s+/), v.email ?? '', ...v.fields]) if (word && mentions(text, word)) add('visitor', word);
  }
  return [...found.values()];
}
