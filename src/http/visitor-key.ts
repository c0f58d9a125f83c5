import type { Context } from 'hono';
import type { Config } from '../config.ts';
import { randomToken } from '../lib/ids.ts';
import { validVisitorKey } from '../visitor/context.ts';
import { readCookie, writeCookie } from './cookies.ts';

/** The long-lived cookie that knows a browser (its visitor key) across visits. */
export const VISITOR_COOKIE = 'lineup_visitor';
const VISITOR_COOKIE_DAYS = 365;

/** This browser's visitor key; a missing or malformed one is replaced by a new one (and the cookie set). */
export function visitorKeyOf(c: Context, config: Config): string {
  const known = validVisitorKey(readCookie(c, config, VISITOR_COOKIE));
  if (known) return known;
  const key = randomToken();
  writeCookie(c, config, VISITOR_COOKIE, key, VISITOR_COOKIE_DAYS * 24 * 3600);
  return key;
}
