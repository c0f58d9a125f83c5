import { and, eq, gt, lt } from 'drizzle-orm';
import type { Deps } from '../lib/deps.ts';
import { hashToken, randomToken } from '../lib/ids.ts';
import { sessions, supporters } from './schema.ts';
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

/** The signed-in, enabled supporter behind a session secret, or null. */
export function supporterForSession(deps: Deps, token: string | undefined): PublicSupporter | null {
  if (!token || token.length > 100) return null;
  const row = deps.db.select({ supporter: supporters }).from(sessions)
    .innerJoin(supporters, eq(supporters.id, sessions.supporterId))
    .where(and(eq(sessions.idHash, hashToken(token)), gt(sessions.expiresAt, deps.clock.now()), eq(supporters.enabled, true)))
    .get();
  if (!row) return null;
  const { passwordHash: _hidden, ...supporter } = row.supporter;
  return supporter;
}
