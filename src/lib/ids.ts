import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe. Used for visitor tokens, session ids and CSRF secrets. */
export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens are stored hashed, so a copy of the database does not hand out live tickets or sessions. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Parses a positive integer id from a URL; anything else is treated as unknown. */
export function parseId(raw: string | undefined): number | null {
  if (!raw || !/^[1-9][0-9]{0,15}$/.test(raw)) return null;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : null;
}
