import { da as visitorDa } from './da.ts';
import { en as visitorEn } from './en.ts';
import { ru as visitorRu } from './ru.ts';
import { da as adminDa } from './admin/da.ts';
import { en as adminEn } from './admin/en.ts';
import { ru as adminRu } from './admin/ru.ts';
import { da as deskDa } from './desk/da.ts';
import { en as deskEn } from './desk/en.ts';
import { ru as deskRu } from './desk/ru.ts';
import { da as teamworkDa } from './teamwork/da.ts';
import { en as teamworkEn } from './teamwork/en.ts';
import { ru as teamworkRu } from './teamwork/ru.ts';

/**
 * Lineup speaks English, Russian and Danish. Every text a person reads comes from a flat catalogue
 * per language, kept in one file per area: the visitor side (./en.ts), the desk (./desk), working
 * together on a ticket (./teamwork) and the admin pages (./admin). English is the reference;
 * `{name}` placeholders are filled in as plain text, and escaping is left to the template.
 */
export const LANGUAGES = ['en', 'ru', 'da'] as const;
export type Lang = (typeof LANGUAGES)[number];

/** Each area's catalogue per language, kept apart so a key defined twice can be caught. */
export const AREAS = {
  visitor: { en: visitorEn, ru: visitorRu, da: visitorDa },
  desk: { en: deskEn, ru: deskRu, da: deskDa },
  teamwork: { en: teamworkEn, ru: teamworkRu, da: teamworkDa },
  admin: { en: adminEn, ru: adminRu, da: adminDa },
} as const;

const en = { ...visitorEn, ...deskEn, ...teamworkEn, ...adminEn };
export type Key = keyof typeof en;
export type Params = Record<string, string | number | Text>;

export const CATALOGS: Record<Lang, Record<string, string>> = {
  en,
  ru: { ...visitorRu, ...deskRu, ...teamworkRu, ...adminRu },
  da: { ...visitorDa, ...deskDa, ...teamworkDa, ...adminDa },
};

// A missing key is a bug the catalogue test should have caught: tests fail loudly, production
// falls back to English rather than show a visitor a key.
const strict = process.env.VITEST !== undefined || process.env.NODE_ENV === 'test';

/**
 * A text in the given language.
 *
 * @example
 * t('ru', 'system.joined', { name: 'Ann' }) // 'Ann присоединяется к чату.'
 */
export function t(lang: Lang, key: Key, params: Params = {}): string {
  let text = CATALOGS[lang]?.[key];
  if (text === undefined || text === '') {
    if (strict || lang === 'en') throw new Error(`No text for "${key}" in ${lang}`);
    text = en[key];
  }
  return fill(lang, text, params);
}

function fill(lang: Lang, text: string, params: Params): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return value instanceof Text ? value.in(lang) : String(value);
  });
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

export function isLanguage(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** One of ours for a language tag ('ru-RU' -> ru, 'da' -> da), else null. */
export function supported(tag: string | null | undefined): Lang | null {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return isLanguage(primary) ? primary : null;
}

/** A stored language hint as a catalogue language: ours, else English. */
export function languageOf(tag: string | null | undefined): Lang {
  return supported(tag) ?? 'en';
}

/**
 * The best of ours for an Accept-Language header, honouring q-values ('da;q=0.5, ru' -> ru);
 * anything malformed or unknown is English.
 */
export function fromAcceptLanguage(header: string | null | undefined): Lang {
  if (!header || header.length > 500) return 'en';
  let best: { lang: Lang; q: number } | null = null;
  for (const [i, part] of header.split(',').slice(0, 20).entries()) {
    const [tag, ...rest] = part.split(';');
    const q = rest.map((p) => /^\s*q=([01](?:\.\d{0,3})?)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    const lang = supported(tag);
    const score = weight - i * 1e-6; // ties go to the earlier entry
    if (lang && weight > 0 && (!best || score > best.q)) best = { lang, q: score };
  }
  return best?.lang ?? 'en';
}

/**
 * A text cut at its placeholders, for templates that mark the filled-in values up
 * (`<strong>Ann</strong>`) while still escaping every piece.
 *
 * @example
 * parts('en', 'ticket.talkingWith', { name: 'Ann' }) // [{ text: 'You are talking with ', param: false }, { text: 'Ann', param: true, name: 'name' }, { text: '.', param: false }]
 */
export function parts(lang: Lang, key: Key, params: Params = {}): Array<{ text: string; param: boolean; name?: string }> {
  const template = t(lang, key); // checks the key exists
  return template.split(/(\{\w+\})/).filter(Boolean).map((piece) => {
    const name = /^\{(\w+)\}$/.exec(piece)?.[1];
    return name && params[name] !== undefined ? { text: fill(lang, piece, params), param: true, name } : { text: piece, param: false };
  });
}
