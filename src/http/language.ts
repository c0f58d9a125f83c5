import type { Context } from 'hono';
import type { Config } from '../config.ts';
import { readCookie, writeCookie } from './cookies.ts';
import { fromAcceptLanguage, isLanguage, type Lang } from '../i18n/index.ts';

/** The switcher's choice; it outranks what the browser asks for. */
export const LANGUAGE_COOKIE = 'lineup_lang';
const LANGUAGE_COOKIE_DAYS = 365;

/**
 * The language of a visitor page: `?lang=` where cookies cannot work (the widget's cross-site
 * frame passes it along), else the switcher's cookie, else the browser's Accept-Language.
 * Anything that is not one of ours is ignored.
 */
export function requestLanguage(c: Context, config: Config): Lang {
  const query = c.req.query('lang');
  if (isLanguage(query)) return query;
  const cookie = readCookie(c, config, LANGUAGE_COOKIE);
  if (isLanguage(cookie)) return cookie;
  return fromAcceptLanguage(c.req.header('Accept-Language'));
}

export function rememberLanguage(c: Context, config: Config, lang: Lang): void {
  writeCookie(c, config, LANGUAGE_COOKIE, lang, LANGUAGE_COOKIE_DAYS * 24 * 3600);
}
