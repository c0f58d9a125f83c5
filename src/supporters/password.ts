import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { Text } from '../i18n/index.ts';

// scrypt with N=2^15, r=8, p=1 (about 32 MiB and tens of ms): OWASP's recommended floor.
const N = 32768, R = 8, P = 1, KEYLEN = 32;
const MAXMEM = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEYLEN, { N: n, r, p, maxmem: MAXMEM }, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Returns a self-describing hash: `scrypt$N$r$p$salt$key`. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A hash to verify against when the account does not exist, so timing does not reveal which e-mails are registered. */
export const decoyHash = hashPassword('not a real password');

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

/** What is wrong with a new password, or null: at least 10 characters, at most 200. */
export function passwordProblem(password: string): Text | null {
  if ([...password].length < PASSWORD_MIN) return new Text('admin.account.passwordShort');
  if (password.length > PASSWORD_MAX) return new Text('admin.account.passwordLong');
  return null;
}
