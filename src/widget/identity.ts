import { createHmac, timingSafeEqual } from 'node:crypto';
import { Text } from '../i18n/index.ts';
import { checkEmail, cleanLine, requireText } from '../lib/input.ts';
import { LIMITS } from '../line/tickets.ts';

/** How far ahead a signed identity token's expiry may be. */
export const IDENTITY_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** A visitor the embedding site vouches for: they are signed in there. */
export interface SignedVisitor { name: string; email: string }

const TOKEN = /^([A-Za-z0-9_-]{1,2000})\.([0-9a-f]{64})$/;

/**
 * Reads a site's signed identity token: `<base64url(JSON {name, email, exp})>.<hex HMAC-SHA256(secret, first part)>`.
 * Returns the visitor only when the signature matches the site's secret, `exp` (seconds since
 * the epoch) is still ahead and the fields pass the intake's own rules; anything else is null,
 * and the visitor is then simply anonymous.
 *
 * @example
 * verifyIdentity(site.secret, c.req.query('user'), deps.clock.now())
 */
export function verifyIdentity(secret: string, token: string | undefined, nowMs: number): SignedVisitor | null {
  const match = token ? TOKEN.exec(token) : null;
  if (!match) return null;
  const [, payload, signature] = match as unknown as [string, string, string];
  const expected = createHmac('sha256', secret).update(payload).digest();
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) return null;
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!claims || typeof claims !== 'object') return null;
  const { name: rawName, email: rawEmail, exp } = claims as Record<string, unknown>;
  // A token lives a day at most: it travels in the frame's address, and a leaked one must not last.
  if (typeof exp !== 'number' || !Number.isFinite(exp) || exp * 1000 <= nowMs || exp * 1000 > nowMs + IDENTITY_MAX_AGE_MS) return null;
  if (typeof rawName !== 'string' || (rawEmail !== undefined && rawEmail !== null && typeof rawEmail !== 'string')) return null;
  const name = cleanLine(rawName);
  const email = cleanLine(rawEmail ?? '');
  const fields: Parameters<typeof requireText>[0] = {};
  requireText(fields, 'name', new Text('field.name'), name, LIMITS.name);
  checkEmail(fields, 'email', email, false);
  return Object.keys(fields).length ? null : { name, email };
}

/** Makes a token as a site's server would (for tests and for the admin page's example). */
export function signIdentity(secret: string, claims: { name: string; email?: string; exp: number }): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${createHmac('sha256', secret).update(payload).digest('hex')}`;
}
