import path from 'node:path';
import { Eta } from 'eta';
import { ROOT } from '../lib/paths.ts';
import { render } from '../lib/render.ts';
import { t, type Key, type Lang, type Params } from '../i18n/index.ts';

// The plain-text part is not HTML: `<%= %>` must print text as typed, so it has an instance of
// its own that never escapes. It only ever renders views/mail/*.txt.eta; HTML parts go through
// the site's escaping renderer like every page.
const plain = new Eta({ views: path.join(ROOT, 'views'), autoEscape: false, autoTrim: false, cache: true });

/** A mail's two parts from views/mail/<name>.txt.eta (plain) and views/mail/<name>.html.eta (escaped). */
export function renderMail(name: 'transcript' | 'reply' | 'offline', data: Record<string, unknown>, lang: Lang = 'en'): { text: string; html: string } {
  const say = { lang, t: (key: Key, params?: Params) => t(lang, key, params) };
  const text = plain.render(`mail/${name}.txt.eta`, { ...data, ...say }).replace(/\n{3,}/g, '\n\n').trim() + '\n';
  return { text, html: render(`mail/${name}.html.eta`, { ...data, lang }) };
}

/** How dates are written in each language's mail ("4 March 2025", "4 марта 2025 г.", "4. marts 2025"). */
const LOCALES: Record<Lang, string> = { en: 'en-GB', ru: 'ru-RU', da: 'da-DK' };

/**
 * Times as the visitor reads them: in their browser's time zone when it told us one, else UTC
 * (and then it says so).
 */
export function visitorClock(timeZone: string | null, lang: Lang = 'en'): { time: (ms: number) => string; day: (ms: number) => string } {
  const zone = timeZone && isZone(timeZone) ? timeZone : 'UTC';
  const suffix = zone === 'UTC' ? ' UTC' : '';
  const locale = LOCALES[lang];
  const time = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: '2-digit', minute: '2-digit' });
  const day = new Intl.DateTimeFormat(locale, { timeZone: zone, day: 'numeric', month: 'long', year: 'numeric' });
  return { time: (ms) => time.format(ms) + suffix, day: (ms) => day.format(ms) };
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
