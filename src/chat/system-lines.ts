import { CATALOGS, LANGUAGES, t, Text, type Key, type Lang, type Params } from '../i18n/index.ts';
import type { MessageView } from './messages.ts';

/**
 * A line Lineup wrote into a conversation ("Vera stepped away.") is stored in the words the
 * visitor read, in the ticket's language at the time. A supporter reads the desk in their own
 * language, so the desk says such a line again in it: the stored text is matched against the
 * catalogues' system lines, which gives back its key and the values filled in. A line that
 * matches none (older wording, say) is shown as it was stored.
 *
 * The values are only ever read back as plain text and filled in as plain text: nothing a
 * visitor typed (their name, in most lines) is interpreted.
 */

/** Values that were themselves texts ("Your supporter", "a colleague"), said again in the new language. */
const NESTED: Key[] = ['system.yourSupporter', 'system.aColleague'];

interface Pattern { key: Key; regex: RegExp; names: string[]; fixed: number }

const patterns = new Map<Lang, Pattern[]>();

/** Each system line of one language as a pattern, the most specific first. */
function patternsOf(lang: Lang): Pattern[] {
  let list = patterns.get(lang);
  if (list) return list;
  list = Object.keys(CATALOGS.en)
    .filter((key): key is Key => key.startsWith('system.') && !NESTED.includes(key as Key))
    .map((key) => {
      const text = t(lang, key);
      const pieces = text.split(/\{(\w+)\}/);
      const names = pieces.filter((_, i) => i % 2 === 1);
      const source = pieces.map((piece, i) => (i % 2 === 1 ? '([\\s\\S]+?)' : piece.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))).join('');
      return { key, regex: new RegExp(`^${source}$`), names, fixed: pieces.filter((_, i) => i % 2 === 0).join('').length };
    })
    .sort((a, b) => b.fixed - a.fixed);
  patterns.set(lang, list);
  return list;
}

/** The key and values a stored system line was made from, or null when it matches no catalogue line. */
export function systemLineText(body: string, written: Lang): Text | null {
  for (const { key, regex, names } of patternsOf(written)) {
    const match = regex.exec(body);
    if (!match) continue;
    const params: Params = {};
    names.forEach((name, i) => {
      const value = match[i + 1]!;
      const nested = NESTED.find((k) => t(written, k) === value);
      params[name] = nested ? new Text(nested) : value;
    });
    return new Text(key, params);
  }
  return null;
}

/**
 * A stored system line in `lang`: unchanged when it already reads in `lang`, else said again
 * from whichever language it was written in.
 *
 * @example
 * systemLineIn('Vera er gået fra.', 'en') // 'Vera stepped away.'
 */
export function systemLineIn(body: string, lang: Lang): string {
  if (systemLineText(body, lang)) return body;
  for (const written of LANGUAGES) {
    if (written === lang) continue;
    const text = systemLineText(body, written);
    if (text) return text.in(lang);
  }
  return body;
}

/** A message as a supporter reading `lang` sees it: Lineup's own lines in that language. */
export function forReader<M extends Pick<MessageView, 'author' | 'body'>>(m: M, lang: Lang): M {
  if (m.author !== 'system') return m;
  const body = systemLineIn(m.body, lang);
  return body === m.body ? m : { ...m, body };
}
