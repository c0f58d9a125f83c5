import { sql, type Db } from '../lib/sql.ts';
import type { Deps } from '../lib/deps.ts';
import { hashToken, randomToken } from '../lib/ids.ts';
import { commit, type Emit } from '../realtime/events.ts';
import { DELIVERY, type LineupEvent } from '../realtime/catalogue.ts';
import { fromRow, PUBLIC_COLUMNS, type PublicRow, type PublicSupporter } from './accounts.ts';

const dropExpired = sql('DELETE FROM sessions WHERE expires_at < ?');
const insertSession = sql('INSERT INTO sessions (id_hash, supporter_id, created_at, expires_at, device, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)');
const seenNow = sql('UPDATE sessions SET last_seen_at = ? WHERE rowid = ?');
const sessionsOf = sql<{ id: number; device: string; createdAt: number; lastSeenAt: number | null }>(`SELECT rowid AS id, device,
  created_at AS createdAt, last_seen_at AS lastSeenAt FROM sessions WHERE supporter_id = +? AND expires_at > +? ORDER BY last_seen_at DESC, rowid DESC LIMIT 50`);
const deleteOthers = sql<{ session: number }>('DELETE FROM sessions WHERE supporter_id = ? AND rowid != ? RETURNING rowid AS session');
const deleteSession = sql<{ session: number; supporterId: number }>('DELETE FROM sessions WHERE id_hash = ? RETURNING rowid AS session, supporter_id AS supporterId');
const supporterOfSession = sql<PublicRow & { sessionId: number; sessionSeenAt: number | null }>(`SELECT ${PUBLIC_COLUMNS}, x.rowid AS sessionId, x.last_seen_at AS sessionSeenAt
  FROM sessions x JOIN supporters s ON s.id = x.supporter_id
  WHERE x.id_hash = +? AND x.expires_at > ? AND s.enabled = 1`);

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** A session's last use is written at most this often: not a write on every request. */
export const SESSION_SEEN_EVERY_MS = 60_000;

/**
 * Starts a new session (a fresh id at every login, so a planted id is worthless) and returns its
 * secret. `device` names the browser and system it came from, for the supporter's own list.
 */
export function startSession(deps: Deps, supporterId: number, device = ''): string {
  const token = randomToken();
  const now = deps.clock.now();
  dropExpired.run(deps.db, now);
  insertSession.run(deps.db, hashToken(token), supporterId, now, now + SESSION_TTL_MS, device.slice(0, 100), now);
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
  const now = deps.clock.now();
  const row = supporterOfSession.get(deps.db, hashToken(token), now);
  if (!row) return null;
  if (row.sessionSeenAt === null || now - row.sessionSeenAt >= SESSION_SEEN_EVERY_MS) seenNow.run(deps.db, now, row.sessionId);
  const { sessionSeenAt: _seen, ...supporter } = row;
  return fromRow(supporter);
}

/** A supporter's sessions, most recently used first: where they are signed in. */
export function sessionsOfSupporter(deps: Deps, supporterId: number) {
  return sessionsOf.all(deps.db, supporterId, deps.clock.now());
}

/**
 * Ends every session of a supporter but `keepSession` (0, no session's id: all of them), inside a
 * change: each one's pages close their streams at once. "Sign out everywhere else", a password
 * change, a password reset.
 */
export function endOtherSessions(tx: Db, emit: Emit, supporterId: number, keepSession = 0): number {
  const ended = deleteOthers.all(tx, supporterId, keepSession);
  for (const { session } of ended) emit({ topic: 'ticket', type: 'session.ended', supporterId, data: { session } });
  return ended.length;
}

/** "Sign out everywhere else": returns how many sessions ended. */
export function signOutElsewhere(deps: Deps, supporterId: number, keepSession: number): number {
  return commit(deps, (tx, emit) => endOtherSessions(tx, emit, supporterId, keepSession));
}

/** A staff page's stream ends with an event that ends its supporter's access (their account was disabled) or its session (signed out). */
export function endsStaffStream(supporterId: number, session: number) {
  return (event: LineupEvent) => (DELIVERY[event.type].endsAddressedDesk && event.supporterId === supporterId)
    || (event.type === 'session.ended' && event.data.session === session);
}
