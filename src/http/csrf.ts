import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Config } from '../config.ts';
import { t } from '../i18n/index.ts';
import { randomToken } from '../lib/ids.ts';
import { readCookie, writeCookie } from './cookies.ts';
import { declaredFor, type Declaration } from './declared.ts';
import type { AppEnv } from './env.ts';
import { formFields } from './forms.ts';

export const CSRF_COOKIE = 'lineup_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Double-submit CSRF protection for every state-changing request: the secret sits in an HttpOnly
 * cookie and must come back as the `_csrf` form field (plain forms) or the X-CSRF-Token header
 * (htmx requests: hx-headers on every page's body). A cross-site page can make the browser send the cookie
 * but cannot read it, so it cannot supply the matching field.
 */
export function csrfProtection(config: Config, signedToken?: (token: string | undefined) => boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    let token = readCookie(c, config, CSRF_COOKIE);
    if (!token || !/^[A-Za-z0-9_-]{43}$/.test(token)) {
      token = randomToken();
      writeCookie(c, config, CSRF_COOKIE, token);
    }
    c.set('csrf', token);
    if (!SAFE_METHODS.has(c.req.method)) {
      const declared = declaredFor(c);
      let sent = c.req.header('X-CSRF-Token');
      // Uploads always send the header (public/js/file-upload.js): a large body is never read before the check.
      if (!sent && !declared.upload) sent = (await formFields(c))._csrf;
      if (!sameToken(sent, token) && !(acceptsSignedToken(c, config, declared) && signedToken?.(sent))) {
        return c.text(t(c.get('lang') ?? 'en', 'error.formExpired'), 403);
      }
    }
    await next();
  };
}

/**
 * Inside the widget's iframe (another site's page) the browser sends no SameSite=Lax cookie, so
 * widget pages carry a token signed by the server instead (src/widget/csrf.ts). Only routes that
 * declare it accept one (declared.ts): those addressed by a site key or a ticket token, which
 * hold no ambient authority, and only from Lineup's own pages: anyone can fetch a signed token,
 * but a browser names the page a request comes from in Origin, and a foreign page cannot pretend
 * to be Lineup's. A supporter's routes never declare it, so they always need the cookie match.
 * Invitation counts come from the host page itself ('host'); that route checks the site's origins.
 */
function acceptsSignedToken(c: Context, config: Config, declared: Declaration): boolean {
  return declared.signedToken === 'host' || (declared.signedToken === 'lineup' && fromLineup(c, config));
}

function sameToken(sent: string | undefined, token: string): boolean {
  if (!sent || sent.length !== token.length) return false;
  return timingSafeEqual(Buffer.from(sent), Buffer.from(token));
}

/** The request was sent by one of Lineup's own pages (its Origin is this server's). */
function fromLineup(c: Context, config: Config): boolean {
  const origin = c.req.header('Origin');
  if (!origin) return false;
  return origin === new URL(c.req.url).origin || origin === new URL(config.publicUrl).origin;
}
