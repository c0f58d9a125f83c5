import path from 'node:path';
import { Eta } from 'eta';
import { ROOT } from '../lib/paths.ts';
import { render } from '../lib/render.ts';
import { localeFor, t, type Key, type Lang, type Params } from '../i18n/index.ts';

// The plain-text part is not HTML: `<%= %>` must print text as typed, so it has an instance of
// its own that never escapes. It only ever renders views/mail/*.txt.eta; HTML parts go through
// the site's escaping renderer like every page.
const plain = new Eta({ views: path.join(ROOT, 'views'), autoEscape: false, autoTrim: false, cache: true });

/** A mail's two parts from views/mail/<name>.txt.eta (plain) and views/mail/<name>.html.eta (escaped). */
export function renderMail(name: 'transcript' | 'reply' | 'offline' | 'account-link' | 'sla-alert' | 'complaint-answer' | 'daily-summary', data: Record<string, unknown>, lang: Lang = 'en'): { text: string; html: string } {
  const say = { lang, t: (key: Key, params?: Params) => t(lang, key, params) };
  const text = plain.render(`mail/${name}.txt.eta`, { ...data, ...say }).replace(/\n{3,}/g, '\n\n').trim() + '\n';
  return { text, html: render(`mail/${name}.html.eta`, { ...data, lang }) };
}

/**
 * Times as the visitor reads them: in their browser's time zone when it told us one, else UTC
 * (and then it says so); written their browser's way when its language tag is the mail's
 * language ('en-US': 4:29 PM), else the language's usual way ("4 March 2025", 16:29). The hour
 * is numeric: a 2-digit one reads "04:29 PM".
 */
export function visitorClock(timeZone: string | null, lang: Lang = 'en', languageTag: string | null = null): { time: (ms: number) => string; day: (ms: number) => string } {
  const zone = timeZone && isZone(timeZone) ? timeZone : 'UTC';
  const suffix = zone === 'UTC' ? ' UTC' : '';
  const locale = localeFor(lang, languageTag);
  const time = new Intl.DateTimeFormat(locale, { timeZone: zone, hour: 'numeric', minute: '2-digit' });
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
