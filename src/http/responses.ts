import type { Context, MiddlewareHandler } from 'hono';
import type { Lang } from '../i18n/index.ts';
import { DomainError } from '../lib/errors.ts';
import { escapeHtml } from '../lib/render.ts';
import type { AppEnv } from './env.ts';
import { isHtmx } from './htmx.ts';

/**
 * Runs a form's action: success leaves the update to the stream (204, or back to `page` without
 * script); a refusal is answered as text, in the reader's language, shown beside the form.
 */
export async function formAction(c: Context, action: () => unknown, page: string, lang: Lang = 'en') {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof DomainError) || !isHtmx(c) || error.status === 404) throw error;
    return c.html(escapeHtml(error.say(lang)), error.status);
  }
  return isHtmx(c) ? c.body(null, 204) : redirect(c, page);
}

/** A desk form's action, refusals said in the supporter's language. */
export const deskAction = (c: Context<AppEnv>, action: () => unknown) => formAction(c, action, '/desk', c.get('lang'));

/** Redirect that works for both a plain form post and an htmx request. */
export function redirect(c: Context, location: string) {
  if (isHtmx(c)) {
    c.header('HX-Redirect', location);
    return c.body(null, 204);
  }
  return c.redirect(location, 303);
}

/**
 * On a route's line: its answer is never cached, not even when it is an error page. Pages that
 * show live state (the line, a ticket, the outbox) must come back fresh, also after Back.
 */
export const noStore: MiddlewareHandler = (c, next) => {
  c.header('Cache-Control', 'no-store');
  return next();
};

/**
 * A picture kept in the database (a supporter's photo, the team's logo) at an address that changes
 * with each new one: cached for good, served under the type its bytes were checked to be, never
 * sniffed, never run.
 */
export function storedPicture(c: Context, picture: { mime: string; bytes: Buffer }) {
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Content-Security-Policy', "default-src 'none'; sandbox");
  c.header('Cache-Control', 'public, max-age=31536000, immutable');
  return c.body(new Uint8Array(picture.bytes), 200, { 'Content-Type': picture.mime });
}
