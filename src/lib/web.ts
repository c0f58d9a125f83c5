import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config.ts';
import { DomainError, Invalid } from './errors.ts';
import { t, Text, type Lang } from '../i18n/index.ts';
import { escapeHtml } from './render.ts';
import { randomToken } from './ids.ts';
import type { PublicSupporter } from '../supporters/accounts.ts';

/**
 * Hono's environment: per-request values, and the Node response when served by a real server.
 * `lang` is the reader's language (the switcher's cookie, else Accept-Language); a visitor's
 * ticket page may say otherwise (its ticket's language).
 */
export type AppEnv = {
  /** `nothingStored`: the request changed nothing on disk, so its answer need not wait for a disk sync. */
  Variables: { csrf: string; lang: Lang; address: string; supporter: PublicSupporter; nothingStored?: boolean; frameAncestors?: string };
  Bindings: Partial<HttpBindings>;
};

export const CSRF_COOKIE = 'lineup_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function isHtmx(c: Context): boolean {
  return c.req.header('HX-Request') === 'true';
}

/** The client's address, as `addressOf` found it for this request. */
export function clientAddress(c: Context): string {
  return (c as Context<AppEnv>).get('address') ?? addressOf(c, 0);
}

/**
 * The client's address: the peer, or behind `trustedProxies` reverse proxies the address the
 * outermost of them saw, which is that many entries from the right of X-Forwarded-For (entries
 * further left were written by the client and prove nothing).
 */
export function addressOf(c: Context, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const hops = (c.req.header('X-Forwarded-For') ?? '').split(',').map((a) => a.trim()).filter(Boolean);
    const address = hops[Math.max(0, hops.length - trustedProxies)];
    if (address && address.length <= 64 && /^[0-9A-Fa-f.:]+$/.test(address)) return address;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

// Over https every cookie takes the __Host- prefix: the browser then refuses one planted by a
// sibling subdomain or sent without Secure. (Plain http on localhost cannot use the prefix.)
const cookieName = (config: Config, name: string) => (config.secureCookies ? `__Host-${name}` : name);

export function readCookie(c: Context, config: Config, name: string): string | undefined {
  return getCookie(c, cookieName(config, name));
}

/** Sets an HttpOnly, SameSite=Lax cookie for the whole site (Secure over https). */
export function writeCookie(c: Context, config: Config, name: string, value: string, maxAgeSeconds?: number): void {
  setCookie(c, cookieName(config, name), value, {
    httpOnly: true, sameSite: 'Lax', secure: config.secureCookies, path: '/', ...(maxAgeSeconds ? { maxAge: maxAgeSeconds } : {}),
  });
}

export function clearCookie(c: Context, config: Config, name: string): void {
  deleteCookie(c, cookieName(config, name), { path: '/', secure: config.secureCookies });
}

/**
 * Double-submit CSRF protection for every state-changing request: the secret sits in an HttpOnly
 * cookie and must come back as the `_csrf` form field (plain forms) or the X-CSRF-Token header
 * (htmx requests, added by lineup.js). A cross-site page can make the browser send the cookie
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
      let sent = c.req.header('X-CSRF-Token');
      // Uploads always send the header (files.js): a large body is never read before the check.
      if (!sent && !/\/files$/.test(c.req.path)) sent = (await formFields(c))._csrf;
      // Inside the widget's iframe (another site's page) the browser sends no SameSite=Lax cookie,
      // so widget pages carry a token signed by the server instead (src/widget/csrf.ts). It is
      // accepted only on visitor paths addressed by a site key or a ticket token, which hold no
      // ambient authority, and only from Lineup's own pages: anyone can fetch a signed token,
      // but a browser names the page a request comes from in Origin, and a foreign page cannot
      // pretend to be Lineup's. A supporter's routes always need the cookie match.
      const widgetPath = /^\/(w|t)\//.test(c.req.path);
      // Invitation counts come from the host page itself; that route checks the site's origins.
      const fromHost = /^\/w\/[^/]+\/invites$/.test(c.req.path);
      if (!sameToken(sent, token) && !(widgetPath && (fromHost || fromLineup(c, config)) && signedToken?.(sent))) {
        return c.text(t(c.get('lang') ?? 'en', 'error.formExpired'), 403);
      }
    }
    await next();
  };
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

/** Sensible browser protections for every response. */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.headers.has('x-hono-already-sent')) return; // a stream written straight to the socket
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'same-origin');
  // No page may be framed, except widget pages, which name their site's own origins (already
  // checked to be exact http(s) origins) in `frameAncestors`.
  const ancestors = c.get('frameAncestors');
  if (!ancestors) c.header('X-Frame-Options', 'DENY');
  // A response with a policy of its own (a served file: nothing allowed at all) keeps it.
  if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy',
    `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors ${ancestors || "'none'"}; base-uri 'none'; form-action 'self'`);
};

/** The largest form body (not an upload) Lineup reads; larger ones get 413 before they are read. */
export const MAX_BODY_BYTES = 64 * 1024;

const readForms = new WeakMap<object, Record<string, string>>();

/** A form body as plain strings; files and repeated fields are ignored. A body that is not a form reads as empty. */
export async function formFields(c: Context<AppEnv>): Promise<Record<string, string>> {
  const type = c.req.header('Content-Type') ?? '';
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(type)) return {};
  const known = readForms.get(c.req);
  if (known) return known;
  const incoming = c.env?.incoming;
  // The hot path (every message a page sends): a plain form read straight from Node's request,
  // without building a web Request around it. Anything else goes through Hono.
  if (incoming && type.startsWith('application/x-www-form-urlencoded') && incoming.readableFlowing === null && !incoming.readableEnded) {
    const fields = await readUrlEncoded(incoming);
    readForms.set(c.req, fields);
    return fields;
  }
  let body: Record<string, string | File | (string | File)[]>;
  try {
    body = await c.req.parseBody();
  } catch {
    throw new Invalid(new Text('error.formUnreadable'));
  }
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string') out[key] = value;
  return out;
}

/** Like Hono's reading: the last of repeated fields wins, and `name[]` fields (lists) are left out. */
async function readUrlEncoded(incoming: NodeJS.ReadableStream): Promise<Record<string, string>> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of incoming) {
      size += (chunk as Buffer).length;
      // Content-Length was checked before; a body sent in chunks is counted here.
      if (size > MAX_BODY_BYTES) throw new DomainError(413, new Text('error.bodyTooLarge', { size: MAX_BODY_BYTES / 1024 }));
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new Invalid(new Text('error.formUnreadable'));
  }
  const out: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(Buffer.concat(chunks, size).toString('utf8'))) {
    if (!key.endsWith('[]')) out[key] = value;
  }
  return out;
}

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
