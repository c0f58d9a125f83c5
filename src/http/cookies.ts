import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Config } from '../config.ts';

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
