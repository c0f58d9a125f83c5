import path from 'node:path';
import { Eta } from 'eta';
import { ROOT } from './paths.ts';
import { bodyHtml, isRich } from './message-text.ts';
import { isLanguage, LANGUAGES, nameIn, parts, t, type Key, type Lang, type Params } from '../i18n/index.ts';

const eta = new Eta({
  views: path.join(ROOT, 'views'),
  // `<%= %>` escapes; raw output (`<%~ %>`) is only ever used for other partials.
  autoEscape: true,
  cache: true,
});

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => escapeMap[ch]!);
}

/** View helpers every template gets as `it.h`. */
export const helpers = {
  /** ISO time for <time datetime>; the browser shows it in the viewer's own zone. */
  iso: (ms: number | null | undefined) => (ms ? new Date(ms).toISOString() : ''),
  /** A server-side fallback rendering (UTC) until the page script localises it. */
  clock: (ms: number | null | undefined) => (ms ? new Date(ms).toISOString().slice(11, 16) : ''),
  date: (ms: number | null | undefined) => (ms ? new Date(ms).toISOString().slice(0, 10) : ''),
  minutesSince: (ms: number, now: number) => Math.max(0, Math.floor((now - ms) / 60_000)),
  /** A name kept in each language as JSON ({"en":"Lunch","da":"Frokost"}), in the reader's language, else the first it has. */
  namesIn: (json: string | null, lang: Lang) => nameIn(json ? JSON.parse(json) as Partial<Record<Lang, string>> : {}, lang),
  /** Escapes a search snippet, then turns the FTS markers into <mark>: visitor text never becomes markup. */
  snippet: (text: string) => escapeHtml(text).replace(/\u0002/g, '<mark>').replace(/\u0003/g, '</mark>'),
  /** A message body as HTML: supporters' light formatting, everyone else's text escaped; addresses become links (new tab, noopener). */
  bodyHtml,
  isRich,
  initial: (name: string) => ([...name.trim()][0] ?? '?').toUpperCase(),
  /** Where a supporter's photo is served (the address changes with each photo), or null: initials instead. */
  photo: (id: number | null | undefined, version: number | null | undefined) => (id && version ? `/photos/${id}/${version}` : null),
  /** A key that sorts the same with a plain string comparison in Node and in every browser. */
  // Numbers are shifted by 2^50 so that negative ones (a line's front, see tickets.line_key) sort first too.
  orderKey: (...parts: Array<string | number>) => parts.map((p) => (typeof p === 'number' ? String(p + 2 ** 50).padStart(16, '0') : p.toLowerCase())).join('\u0001'),
};

/** The switcher's choices, each named in its own language. */
const LANGUAGE_CHOICES = LANGUAGES.map((lang) => ({ lang, name: t(lang, 'language.name') }));

/**
 * Renders a view from views/. Partials (`_name.eta`) are rendered the same way for the full page,
 * an htmx response and an SSE push.
 *
 * @example
 * render('chat/_message', { m })
 */
export function render(name: string, data: Record<string, unknown> = {}): string {
  // `it.lang` and `it.t(key, params)`: the page's language (src/i18n); English unless the caller
  // says. Desk views name a ticket `t`, so partials shared with the desk use the alias `it.say`.
  const lang = isLanguage(data.lang) ? data.lang : 'en';
  const say = (key: Key, params?: Params) => t(lang, key, params);
  return eta.render(name, { t: say, ...data, h: helpers, lang, say, tparts: (key: Key, params?: Params) => parts(lang, key, params), languages: LANGUAGE_CHOICES });
}

/** Wraps HTML so htmx swaps it into `target` (a CSS selector) wherever it arrives. */
export function partial(target: string, swap: string, html = ''): string {
  return `<hx-partial hx-target="${escapeHtml(target)}" hx-swap="${escapeHtml(swap)}">${html}</hx-partial>`;
}
