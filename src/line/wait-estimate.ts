import { sql, type Db } from '../lib/sql.ts';

/** The claims an estimate looks back on: the most recent ones, within the last hour. */
export const ESTIMATE_CLAIMS = 20;
export const ESTIMATE_WINDOW_MS = 60 * 60_000;
/** Fewer recent claims than this and the visitor is shown no estimate at all: a guess is not one. */
export const ESTIMATE_MIN_CLAIMS = 5;

const recentClaims = sql<{ claimedAt: number; createdAt: number }>(`SELECT claimed_at AS claimedAt, created_at AS createdAt
  FROM tickets WHERE claimed_at >= +? ORDER BY claimed_at DESC LIMIT +?`);

/**
 * How long one place in the line takes to clear, from the team's recent claims, or null when
 * there have not been enough of them to say. Each claim counts the time since the claim before it,
 * or since its ticket arrived if that was later: a quiet hour with an empty line is not a slow
 * team. One indexed read of at most ESTIMATE_CLAIMS rows.
 */
export function msPerPlace(db: Db, now: number): number | null {
  const claims = recentClaims.all(db, now - ESTIMATE_WINDOW_MS, ESTIMATE_CLAIMS + 1);
  const spans: number[] = [];
  for (let i = 0; i < claims.length; i++) {
    const { claimedAt, createdAt } = claims[i]!;
    const previous = claims[i + 1]?.claimedAt ?? -Infinity;
    spans.push(Math.max(0, claimedAt - Math.max(previous, createdAt)));
  }
  if (spans.length < ESTIMATE_MIN_CLAIMS) return null;
  const used = spans.slice(0, ESTIMATE_CLAIMS);
  return used.reduce((sum, span) => sum + span, 0) / used.length;
}

/**
 * The expected wait at a place in line, in whole minutes (0: under a minute), or null without an
 * estimate. Shown as "about N minutes", never as a promise.
 */
export function expectedMinutes(perPlaceMs: number | null, place: number): number | null {
  if (perPlaceMs === null) return null;
  return Math.round((perPlaceMs * place) / 60_000);
}
