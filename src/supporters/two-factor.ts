import { randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';
import QRCode from 'qrcode';
import type { Deps } from '../lib/deps.ts';
import { Forbidden, Invalid, NotFound, TooManyRequests } from '../lib/errors.ts';
import { hashToken } from '../lib/ids.ts';
import { sql, type Db } from '../lib/sql.ts';
import { Text } from '../i18n/index.ts';
import { commit, type Emit } from '../realtime/events.ts';
import { serviceName } from '../mail/recipients.ts';
import { PASSWORD_MAX, verifyPassword } from './password.ts';

/** Recovery codes made at a time; each works once. */
export const RECOVERY_CODES = 10;
/** Wrong second-factor codes allowed per account in WRONG_WINDOW_MS: 10 tries at 3 valid codes in a million. */
const WRONG_CODES = 10;
const WRONG_WINDOW_MS = 15 * 60_000;

const secretOf = sql<{ secret: string | null; passwordHash: string }>(`SELECT totp_secret AS secret, password_hash AS passwordHash
  FROM supporters WHERE id = ?`);
const setSecret = sql('UPDATE supporters SET totp_secret = ?, totp_last_step = ? WHERE id = ?');
const setLastStep = sql('UPDATE supporters SET totp_last_step = ? WHERE id = ? AND (totp_last_step IS NULL OR totp_last_step < ?)');
const dropCodes = sql('DELETE FROM recovery_codes WHERE supporter_id = ?');
const insertCode = sql('INSERT INTO recovery_codes (code_hash, supporter_id) VALUES (?, ?)');
const useCode = sql('UPDATE recovery_codes SET used_at = ? WHERE code_hash = ? AND supporter_id = ? AND used_at IS NULL');
const codesLeft = sql<{ n: number }>('SELECT count(*) AS n FROM recovery_codes WHERE supporter_id = +? AND used_at IS NULL');
const requiredSetting = sql<{ value: string }>("SELECT value FROM settings WHERE key = 'two_factor_required'");
const writeRequired = sql("INSERT INTO settings (key, value) VALUES ('two_factor_required', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
const endSessionsWithoutIt = sql<{ session: number; supporterId: number }>(`DELETE FROM sessions
  WHERE supporter_id IN (SELECT id FROM supporters WHERE totp_secret IS NULL) RETURNING rowid AS session, supporter_id AS supporterId`);
const wrongSince = sql<{ n: number }>('SELECT count(*) AS n FROM login_failures WHERE key = ? AND at > ?');
const countWrong = sql('INSERT INTO login_failures (key, at) VALUES (?, ?)');

/** A secret as newEnrolment makes it (posted back by the browser to confirm): 32 Base32 letters. */
const isSecret = (secret: unknown): secret is string => typeof secret === 'string' && /^[A-Z2-7]{32}$/.test(secret);

/** What an authenticator app needs to start: the secret, the otpauth:// address and its QR code as SVG (drawn here, nothing fetched). */
export interface Enrolment { secret: string; uri: string; qrSvg: string }

/**
 * A secret and its QR code, for the account page or a required set-up at sign-in: the one posted
 * back when it is one (a wrong code shows the same secret again: the app may already hold it),
 * else a new one (160 bits, Base32).
 */
export async function newEnrolment(deps: Deps, email: string, posted?: unknown): Promise<Enrolment> {
  const secret = isSecret(posted) ? posted : generateSecret();
  const uri = generateURI({ issuer: serviceName(deps.config, deps.db), label: email, secret });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return { secret, uri, qrSvg };
}


/** The RFC 6238 time step a six-digit code matches (this one, or 30 s either side), or null. */
function stepOfCode(secret: string, code: unknown, now: number): number | null {
  const token = typeof code === 'string' ? code.replace(/[\s-]/g, '') : '';
  if (!/^\d{6}$/.test(token)) return null;
  const result = verifySync({ secret, token, epoch: Math.floor(now / 1000), epochTolerance: 30 });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/** Ten fresh recovery codes inside a change (the old ones stop working); only their hashes are kept. */
function replaceRecoveryCodes(tx: Db, supporterId: number): string[] {
  dropCodes.run(tx, supporterId);
  const codes = Array.from({ length: RECOVERY_CODES }, () => {
    // 80 random bits as 16 Base32 letters in four groups: easy to copy, far too many to guess.
    const letters = base32(randomBytes(10));
    return letters.match(/.{4}/g)!.join('-');
  });
  for (const code of codes) insertCode.run(tx, hashToken(normalCode(code)), supporterId);
  return codes;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';
function base32(bytes: Buffer): string {
  let bits = 0, value = 0, out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) { out += ALPHABET[(value >>> (bits - 5)) & 31]; bits -= 5; }
  }
  return out;
}

/** A recovery code as typed (any case, with or without dashes and spaces) in the form its hash was made from. */
const normalCode = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');

/**
 * Turns two-factor sign-in on with a secret the supporter's app now holds, proven by a code from
 * it. Returns the recovery codes, shown once. Invalid for a wrong code or a forged secret.
 */
export function turnOn(deps: Deps, supporterId: number, input: { secret?: unknown; code?: unknown }): string[] {
  const now = deps.clock.now();
  const step = isSecret(input.secret) ? stepOfCode(input.secret, input.code, now) : null;
  if (step === null) throw new Invalid(new Text('admin.twoFactor.codeWrong'), { code: new Text('admin.twoFactor.codeWrong') });
  return commit(deps, (tx) => {
    setSecret.run(tx, input.secret, step, supporterId);
    return replaceRecoveryCodes(tx, supporterId);
  });
}

/**
 * Checks a second factor at sign-in, inside a change: a code from the app (each time step once) or
 * an unused recovery code (spent now). Wrong ones count, and past WRONG_CODES in 15 minutes the
 * account's second step is refused whatever is typed.
 */
export function checkSecondFactor(deps: Deps, supporterId: number, typed: unknown): 'app' | 'recovery' | null {
  const now = deps.clock.now();
  const key = `code:${supporterId}`;
  return commit(deps, (tx) => {
    if (wrongSince.get(tx, key, now - WRONG_WINDOW_MS)!.n >= WRONG_CODES) throw new TooManyRequests(new Text('admin.twoFactor.tooMany'), WRONG_WINDOW_MS / 1000);
    const row = secretOf.get(tx, supporterId);
    if (!row?.secret) return null;
    // A code's time step is taken once, in this change: a second sign-in with the same code (or an older one) fails.
    const step = stepOfCode(row.secret, typed, now);
    if (step !== null && setLastStep.run(tx, step, supporterId, step).changes === 1) return 'app';
    const code = typeof typed === 'string' ? normalCode(typed) : '';
    if (/^[a-z2-7]{16}$/.test(code) && useCode.run(tx, now, hashToken(code), supporterId).changes === 1) return 'recovery';
    countWrong.run(tx, key, now);
    return null;
  });
}

export function recoveryCodesLeft(db: Db, supporterId: number): number {
  return codesLeft.get(db, supporterId)!.n;
}

/** New recovery codes for a supporter who proves they still have their app (a current code). */
export function renewRecoveryCodes(deps: Deps, supporterId: number, code: unknown): string[] {
  if (checkSecondFactor(deps, supporterId, code) !== 'app') throw new Invalid(new Text('admin.twoFactor.codeWrong'), { code: new Text('admin.twoFactor.codeWrong') });
  return commit(deps, (tx) => replaceRecoveryCodes(tx, supporterId));
}

/**
 * Turns it off for oneself: the password and a current code (or a recovery code) are required,
 * and not while the team requires it.
 */
export async function turnOff(deps: Deps, supporterId: number, input: { password?: unknown; code?: unknown }): Promise<void> {
  if (isRequired(deps.db)) throw new Forbidden(new Text('admin.twoFactor.requiredStays'));
  const password = typeof input.password === 'string' ? input.password.slice(0, PASSWORD_MAX) : '';
  const row = secretOf.get(deps.db, supporterId);
  if (!row?.secret) return;
  if (!(await verifyPassword(password, row.passwordHash))) throw new Invalid(new Text('admin.account.passwordWrong'), { password: new Text('admin.account.passwordWrong') });
  if (!checkSecondFactor(deps, supporterId, input.code)) throw new Invalid(new Text('admin.twoFactor.codeWrong'), { code: new Text('admin.twoFactor.codeWrong') });
  commit(deps, (tx) => clear(tx, supporterId));
}

function clear(tx: Db, supporterId: number) {
  setSecret.run(tx, null, null, supporterId);
  dropCodes.run(tx, supporterId);
}

/**
 * An admin turns a supporter's two-factor sign-in off (a lost phone and lost codes): they sign in
 * with their password and, if the team requires it, set it up again at once.
 */
export function resetByAdmin(deps: Deps, supporterId: number | null): void {
  commit(deps, (tx) => {
    if (supporterId === null || !secretOf.get(tx, supporterId)) throw new NotFound(new Text('admin.supporters.notFound'));
    clear(tx, supporterId);
  });
}

export function isRequired(db: Db): boolean {
  return requiredSetting.get(db)?.value === '1';
}

/**
 * Requires two-factor sign-in for everyone, or stops requiring it. Only an admin who has it on may
 * require it (nobody locks the team out by mistake); everyone without it is signed out at once and
 * sets it up at their next sign-in. Returns how many sessions ended.
 */
export function setRequired(deps: Deps, actorId: number, required: boolean): number {
  return commit(deps, (tx, emit: Emit) => {
    if (required && !secretOf.get(tx, actorId)?.secret) throw new Forbidden(new Text('admin.twoFactor.selfFirst'));
    writeRequired.run(tx, required ? '1' : '0');
    if (!required) return 0;
    const ended = endSessionsWithoutIt.all(tx);
    for (const { session, supporterId } of ended) emit({ topic: 'ticket', type: 'session.ended', supporterId, data: { session } });
    return ended.length;
  });
}
