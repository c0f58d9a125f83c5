import { parts, t, type Key, type Lang, type Params } from '../../src/i18n/index.ts';
import { escapeHtml } from '../../src/lib/render.ts';

/**
 * Expected texts, computed through the translator so that re-wording a translation does not
 * break a test: what a test pins is where a text appears and what is filled in, not its words.
 */

/** A text as a page shows it: escaped as Eta's `<%= %>` escapes it. */
export const shown = (lang: Lang, key: Key, params?: Params): string => escapeHtml(t(lang, key, params));

/**
 * A text whose filled-in values a page marks up (`tparts` in a view), every piece escaped: by
 * default each value in <strong>, as views/i18n/_rich.eta does; `value` gets each value escaped.
 *
 * @example
 * marked('da', 'ticket.talkingWith', { name: 'Sam' }) // 'Du taler med <strong>Sam</strong>.'
 */
export function marked(lang: Lang, key: Key, params: Params, value = (escaped: string, _name: string) => `<strong>${escaped}</strong>`): string {
  return parts(lang, key, params).map((p) => (p.param ? value(escapeHtml(p.text), p.name!) : escapeHtml(p.text))).join('');
}

/** A text as a regular expression source that matches it literally (for getByText and toMatch). */
export const literally = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The words of a text up to its first unfilled `{placeholder}`: a page may put the value in markup of its own. */
export function upTo(text: string, placeholder: string): string {
  const at = text.indexOf(`{${placeholder}}`);
  if (at < 0) throw new Error(`no {${placeholder}} in "${text}"`);
  return text.slice(0, at);
}
