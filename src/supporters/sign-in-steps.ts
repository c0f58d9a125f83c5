import type { Deps } from '../lib/deps.ts';
import { hashToken, randomToken } from '../lib/ids.ts';
import { sql } from '../lib/sql.ts';
import type { SignInStep } from './schema.ts';

/** A sign-in's second step must be done within this long, in at most STEP_TRIES tries; then the password again. */
export const STEP_TTL_MS = 5 * 60_000;
export const STEP_TRIES = 5;

const dropExpired = sql('DELETE FROM sign_in_steps WHERE expires_at < ?');
const insertStep = sql('INSERT INTO sign_in_steps (key_hash, supporter_id, step, expires_at, device) VALUES (?, ?, ?, ?, ?)');
const stepWithKey = sql<{ supporterId: number; step: SignInStep; device: string }>(`SELECT supporter_id AS supporterId, step, device
  FROM sign_in_steps WHERE key_hash = +? AND expires_at > ?`);
const countTry = sql<{ attempts: number }>('UPDATE sign_in_steps SET attempts = attempts + 1 WHERE key_hash = ? RETURNING attempts');
const dropStep = sql('DELETE FROM sign_in_steps WHERE key_hash = ?');

/** Starts a second step after a right password; returns the key the browser keeps (a cookie) meanwhile. */
export function startStep(deps: Deps, supporterId: number, step: SignInStep, device: string): string {
  const key = randomToken();
  const now = deps.clock.now();
  dropExpired.run(deps.db, now);
  insertStep.run(deps.db, hashToken(key), supporterId, step, now + STEP_TTL_MS, device.slice(0, 100));
  return key;
}

/** The step a key stands for, while it is fresh; else null. (Its last wrong try ends it: see wrongTry.) */
export function stepFor(deps: Deps, key: string | undefined) {
  if (!key || key.length > 100) return null;
  return stepWithKey.get(deps.db, hashToken(key), deps.clock.now()) ?? null;
}

/** Counts a wrong try; returns how many are left. */
export function wrongTry(deps: Deps, key: string): number {
  const row = countTry.get(deps.db, hashToken(key));
  return row ? Math.max(0, STEP_TRIES - row.attempts) : 0;
}

export function endStep(deps: Deps, key: string): void {
  dropStep.run(deps.db, hashToken(key));
}
