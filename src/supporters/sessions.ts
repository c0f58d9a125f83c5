import { sql } from '../lib/sql.ts';
import type { Deps } from '../lib/deps.ts';
import { hashToken, randomToken } from '../lib/ids.ts';
import { commit } from '../realtime/events.ts';
import { DELIVERY, type LineupEvent } from '../realtime/catalogue.ts';
import { fromRow, PUBLIC_COLUMNS, type PublicRow, type PublicSupporter } from './accounts.ts';

const dropExpired = sql('DELETE FROM sessions WHERE expires_at < ?');
const insertSession = sql('INSERT INTO sessions (id_hash, supporter_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
const deleteSession = sql<{ session: number; supporterId: number }>('DELETE FROM sessions WHERE id_hash = ? RETURNING rowid AS session, supporter_id AS supporterId');
const supporterOfSession = sql<PublicRow & { sessionId: number }>(`SELECT ${PUBLIC_COLUMNS}, x.rowid AS sessionId
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

/**
 * Signs a session out: every page opened in it closes its stream at once (session.ended), not
 * when its next request fails. Returns whose session it was, or null when there was none.
 */
export function endSession(deps: Deps, token: string | undefined): number | null {
  if (!token || token.length > 100) return null;
  return commit(deps, (tx, emit) => {
    const ended = deleteSession.get(tx, hashToken(token));
    if (!ended) return null;
    emit({ topic: 'ticket', type: 'session.ended', supporterId: ended.supporterId, data: { session: ended.session } });
    return ended.supporterId;
  });
}

/** A signed-in supporter and the session they came with (its streams end with it). */
export type SessionSupporter = PublicSupporter & { sessionId: number };

/** The signed-in, enabled supporter behind a session secret, or null. Runs on every desk request. */
export function supporterForSession(deps: Deps, token: string | undefined): SessionSupporter | null {
  if (!token || token.length > 100) return null;
  const row = supporterOfSession.get(deps.db, hashToken(token), deps.clock.now());
  return row ? fromRow(row) : null;
}

/** A staff page's stream ends with an event that ends its supporter's access (their account was disabled) or its session (signed out). */
export function endsStaffStream(supporterId: number, session: number) {
  return (event: LineupEvent) => (DELIVERY[event.type].endsAddressedDesk && event.supporterId === supporterId)
    || (event.type === 'session.ended' && event.data.session === session);
}
