import { CATALOGS, type Key } from './catalogue.ts';
import { LANGUAGES, type Lang } from './languages.ts';
import { compile, type Compiled } from './messages.ts';

/**
 * Every text a person reads is an ICU message in ./locales/<lang>/<area>.json (see ./README.md),
 * in each of LANGUAGES, English the reference. Values are filled in as plain text, never read as
 * ICU syntax, and escaping is left to the template.
 */
export { AREAS, CATALOGS, type Key } from './catalogue.ts';
export { fromAcceptLanguage, isLanguage, LANGUAGES, languageOf, localeFor, nameIn, supported, type Lang } from './languages.ts';

export type Params = Record<string, string | number | Text>;

// A missing key is a bug the catalogue test should have caught: tests fail loudly, production
// falls back to English rather than show a visitor a key.
const strict = process.env.VITEST !== undefined || process.env.NODE_ENV === 'test';

// Each message is parsed once per language, the first time it is said: t() runs for every
// message drawn, on every page and stream frame.
const COMPILED = Object.fromEntries(LANGUAGES.map((lang) => [lang, new Map<Key, Compiled>()])) as Record<Lang, Map<Key, Compiled>>;

function compiled(lang: Lang, key: Key): Compiled {
  let found = COMPILED[lang]?.get(key);
  if (found) return found;
  const message = CATALOGS[lang]?.[key];
  if (message) found = compile(lang, message);
  else if (strict || lang === 'en' || !CATALOGS.en[key]) throw new Error(`No text for "${key}" in ${lang}`);
  else found = compile('en', CATALOGS.en[key]);
  COMPILED[lang]?.set(key, found);
  return found;
}

function valuesFor(lang: Lang, message: Compiled, params: Params): Record<string, string | number> {
  const values: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) values[name] = value instanceof Text ? value.in(lang) : value;
  // A `{name}` not given stays as it is: page scripts get their texts this way and fill them in.
  for (const name of message.plain) values[name] ??= `{${name}}`;
  return values;
}

/**
 * A text in the given language.
 *
 * @example
 * t('ru', 'system.joined', { name: 'Ann' }) // 'Ann присоединяется к чату.'
 * t('en', 'teamwork.canned.count', { count: 3 }) // '3 canned replies.'
 */
export function t(lang: Lang, key: Key, params: Params = {}): string {
  const message = compiled(lang, key);
  return message.formatter.format(valuesFor(lang, message, params)) as string;
}

/**
 * A text that is not yet in any language: what domain modules hand to errors and system lines, so
 * the reader's language can be chosen later. As a string it is English, the words it always had.
 */
export class Text {
  constructor(readonly key: Key, readonly params: Params = {}) {}
  in(lang: Lang): string { return t(lang, this.key, this.params); }
  toString(): string { return this.in('en'); }
}

/** A text in `lang` when it is a Text, else the string as it is. */
export function say(lang: Lang, text: string | Text): string {
  return text instanceof Text ? text.in(lang) : text;
}

/** A filled-in value, marked so that it comes out of formatToParts as a piece of its own. */
class Piece {
  constructor(readonly name: string, readonly text: string) {}
}

/**
 * A text cut at its placeholders, for templates that mark the filled-in values up
 * (`<strong>Ann</strong>`) while still escaping every piece.
 *
 * @example
 * parts('en', 'ticket.talkingWith', { name: 'Ann' }) // [{ text: 'You are talking with ', param: false }, { text: 'Ann', param: true, name: 'name' }, { text: '.', param: false }]
 */
export function parts(lang: Lang, key: Key, params: Params = {}): Array<{ text: string; param: boolean; name?: string }> {
  const message = compiled(lang, key);
  const values: Record<string, string | number | Piece> = valuesFor(lang, message, params);
  for (const name of message.plain) if (params[name] !== undefined) values[name] = new Piece(name, String(values[name]));
  return message.formatter.formatToParts<Piece>(values).flatMap(({ value }): Array<{ text: string; param: boolean; name?: string }> => {
    if (value instanceof Piece) return [{ text: value.text, param: true, name: value.name }];
    return value === '' ? [] : [{ text: String(value), param: false }];
  });
}
