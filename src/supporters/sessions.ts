import { sql } from '../lib/sql.ts';
import type { Deps } from '../lib/deps.ts';
import { hashToken, randomToken } from '../lib/ids.ts';
import { fromRow, PUBLIC_COLUMNS, type PublicRow, type PublicSupporter } from './accounts.ts';

const dropExpired = sql('DELETE FROM sessions WHERE expires_at < ?');
const insertSession = sql('INSERT INTO sessions (id_hash, supporter_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
const deleteSession = sql('DELETE FROM sessions WHERE id_hash = ?');
const supporterOfSession = sql<PublicRow>(`SELECT ${PUBLIC_COLUMNS}
  FROM sessions x JOIN supporters s ON s.id = x.supporter_id
  WHERE x.id_hash = +? AND x.expires_at > ? AND s.enabled = 1`);

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Starts a new session (a fresh id at every login, so a planted id is worthless) and returns its secret. */
export function startSession(deps: Deps, supporterId: number): string {
  const token = randomToken();
  const now = deps.clock.now();
  dropExpired.run(deps.db, now);
  insertSession.run(deps.db, hashToken(token), supporterId, now, now + SESSION_TTL_MS);
  return token;
}

export function endSession(deps: Deps, token: string | undefined): void {
  if (token) deleteSession.run(deps.db, hashToken(token));
}

/** The signed-in, enabled supporter behind a session secret, or null. Runs on every desk request. */
export function supporterForSession(deps: Deps, token: string | undefined): PublicSupporter | null {
  if (!token || token.length > 100) return null;
  const row = supporterOfSession.get(deps.db, hashToken(token), deps.clock.now());
  return row ? fromRow(row) : null;
}
