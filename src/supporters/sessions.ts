import { eq, lt } from 'drizzle-orm';
import { statement } from '../lib/statements.ts';
import type { Deps } from '../lib/deps.ts';
import { hashToken, randomToken } from '../lib/ids.ts';
import { sessions } from './schema.ts';
import type { PublicSupporter } from './accounts.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Starts a new session (a fresh id at every login, so a planted id is worthless) and returns its secret. */
export function startSession(deps: Deps, supporterId: number): string {
  const token = randomToken();
  const now = deps.clock.now();
  deps.db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
  deps.db.insert(sessions).values({ idHash: hashToken(token), supporterId, createdAt: now, expiresAt: now + SESSION_TTL_MS }).run();
  return token;
}

export function endSession(deps: Deps, token: string | undefined): void {
  if (token) deps.db.delete(sessions).where(eq(sessions.idHash, hashToken(token))).run();
}

/** The signed-in, enabled supporter behind a session secret, or null. Runs on every desk request. */
export function supporterForSession(deps: Deps, token: string | undefined): PublicSupporter | null {
  if (!token || token.length > 100) return null;
  const row = statement(deps.sqlite, `
    SELECT s.id, s.email, s.name, s.role, s.enabled, s.status, s.status_message AS statusMessage, s.online,
           s.last_seen_at AS lastSeenAt, s.created_at AS createdAt, s.notify_new_tickets AS notifyNewTickets
    FROM sessions x JOIN supporters s ON s.id = x.supporter_id
    WHERE x.id_hash = +? AND x.expires_at > ? AND s.enabled = 1`).get(hashToken(token), deps.clock.now()) as
    (Omit<PublicSupporter, 'enabled' | 'online' | 'notifyNewTickets'> & { enabled: number; online: number; notifyNewTickets: number }) | undefined;
  return row ? { ...row, enabled: Boolean(row.enabled), online: Boolean(row.online), notifyNewTickets: Boolean(row.notifyNewTickets) } : null;
}
