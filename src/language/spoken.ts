import { LANGUAGES, Text, type Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { sql, type Db } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';

/** How many languages a visitor's ticket or a supporter's list keeps. */
export const SPOKEN_MAX = { visitor: 5, supporter: 10 } as const;

const PRIMARY = /^[a-z]{2,3}$/;
const setSpoken = sql('UPDATE supporters SET languages = ? WHERE id = ?');

/** The primary subtag of a language tag, lower-cased ('pt-BR' -> 'pt'), or null for anything else. */
function primaryOf(tag: string | null | undefined): string | null {
  const primary = (tag ?? '').trim().split(/[-_]/)[0]!.toLowerCase();
  return PRIMARY.test(primary) ? primary : null;
}

/**
 * The languages a visitor reads, most preferred first, as primary subtags ("ru en"): the one the
 * ticket is in (what they chose, or their browser's first), then the browser's Accept-Language
 * entries by their q-values (q=0, "not this one", is left out).
 *
 * @example
 * readingOrder('ru-RU', 'ru-RU,ru;q=0.9,en-US;q=0.8,de;q=0') // 'ru en'
 */
export function readingOrder(chosen: string | null, acceptLanguage: string | undefined): string {
  const ranked = (acceptLanguage ?? '').length > 500 ? [] : (acceptLanguage ?? '').split(',').slice(0, 20).map((part, index) => {
    const [tag, ...rest] = part.split(';');
    const given = rest.find((p) => /^\s*q=/.test(p));
    // A q-value that is not one (q=2, q=abc) drops its entry rather than guessing.
    const q = given === undefined ? 1 : Number(/^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(given)?.[1] ?? -1);
    return { primary: primaryOf(tag), q, index };
  }).filter((entry) => entry.primary && entry.q > 0).sort((a, b) => b.q - a.q || a.index - b.index);
  const order = [primaryOf(chosen), ...ranked.map((entry) => entry.primary)].filter((p): p is string => p !== null);
  return [...new Set(order)].slice(0, SPOKEN_MAX.visitor).join(' ');
}

/**
 * A supporter's languages as they typed them ("da, en ru"): language codes of two or three
 * letters, kept in the order given; anything else is refused as a whole.
 */
export function cleanSpoken(raw: unknown): string {
  const words = String(raw ?? '').split(/[\s,;]+/).filter(Boolean).map((w) => w.toLowerCase());
  if (words.some((w) => !PRIMARY.test(w))) throw new Invalid(new Text('admin.languages.invalid'), { languages: new Text('admin.languages.invalid') });
  const unique = [...new Set(words)];
  if (unique.length > SPOKEN_MAX.supporter) {
    throw new Invalid(new Text('admin.languages.tooMany', { max: SPOKEN_MAX.supporter }), { languages: new Text('admin.languages.tooMany', { max: SPOKEN_MAX.supporter }) });
  }
  return unique.join(' ');
}

/** Sets the languages a supporter speaks (by an admin, or themselves). */
export function setSpokenLanguages(deps: Deps, supporterId: number, raw: unknown): string {
  const languages = cleanSpoken(raw);
  commit(deps, (tx, emit) => {
    setSpoken.run(tx, languages, supporterId);
    emit({ topic: 'team', type: 'supporter.status', supporterId });
  });
  return languages;
}

const names = new Map<string, Intl.DisplayNames>();

/** A language code's name in the reader's language ('ru' -> 'Russian', 'русский'); the code itself when Intl does not know it. */
export function languageName(code: string, lang: Lang): string {
  let display = names.get(lang);
  if (!display) names.set(lang, (display = new Intl.DisplayNames([lang], { type: 'language', fallback: 'code' })));
  try {
    return display.of(code) ?? code;
  } catch {
    return code;
  }
}

/** The languages of a list ("da en"), named in the reader's language: "(Danish, English)". */
export function spokenNames(languages: string, lang: Lang): string {
  const codes = languages.split(' ').filter(Boolean);
  return codes.length ? `(${codes.map((code) => languageName(code, lang)).join(', ')})` : '';
}

const teamLanguages = sql("SELECT languages FROM supporters WHERE enabled = 1 AND deleted_at IS NULL AND languages != '' LIMIT 5000");

/** The languages the desk's line can be narrowed to: Lineup's own and every language the team speaks, named for the reader. */
export function lineLanguages(db: Db, lang: Lang): Array<{ code: string; name: string }> {
  const codes = new Set<string>(LANGUAGES);
  for (const list of teamLanguages.values(db) as string[]) for (const code of list.split(' ')) if (code) codes.add(code);
  return [...codes].map((code) => ({ code, name: languageName(code, lang) })).sort((a, b) => a.name.localeCompare(b.name, lang));
}
