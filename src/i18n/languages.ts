/**
 * The languages Lineup speaks. Adding one is its folder of JSON under ./locales plus its code
 * here; nothing else lists them (test/i18n/languages-list.test.ts checks the folders against this
 * list). English is the reference every other language is checked against.
 */
export const LANGUAGES = ['en', 'ru', 'da'] as const;
export type Lang = (typeof LANGUAGES)[number];

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

// English mail has always written dates and times the British way ("4 March 2025, 16:29") when
// the reader's own way is not known; every other language reads the same in any of its regions.
const USUAL_LOCALE: Partial<Record<Lang, string>> = { en: 'en-GB' };

/**
 * The locale to write dates and times in for a reader of `lang`: the browser's own tag when it
 * names that language and a region ('en-US' reads 4:29 PM, 'en-GB' 16:29), else the language's
 * usual one. A malformed tag is ignored.
 *
 * @example
 * localeFor('en', 'en-US') // 'en-US'
 * localeFor('en', 'ru-RU') // 'en-GB'
 */
export function localeFor(lang: Lang, tag?: string | null): string {
  const own = (tag ?? '').trim().replace(/_/g, '-');
  if (own.includes('-') && supported(own) === lang) {
    try {
      return Intl.getCanonicalLocales(own)[0]!;
    } catch {
      // not a language tag at all: the usual locale
    }
  }
  return USUAL_LOCALE[lang] ?? lang;
}

/** A name kept in several languages, in the reader's, else in the first language it has one in. */
export function nameIn(names: Partial<Record<Lang, string>>, lang: Lang): string {
  return names[lang] || LANGUAGES.map((l) => names[l]).find(Boolean) || '';
}
