import type { Deps } from '../lib/deps.ts';
import { sql, type Db } from '../lib/sql.ts';
import type { EventOf } from '../realtime/catalogue.ts';
import { dayStartIn, localDay, teamTimezone } from '../hours/hours.ts';
import type { PresenceState } from './schema.ts';

/*
 * How long each supporter was online, available, away or on a break: an interval per state,
 * opened and closed as their presence or status changes (in that change's transaction), and the
 * seconds added to their day's row as each interval closes. Nothing runs on a timer.
 */

const current = sql<{ online: number; place: string; status: string }>('SELECT online, place, status FROM supporters WHERE id = ?');
const openInterval = sql<{ id: number; state: PresenceState; startedAt: number }>(`SELECT id, state, started_at AS startedAt
  FROM presence_log WHERE supporter_id = ? AND ended_at IS NULL`);
const endInterval = sql('UPDATE presence_log SET ended_at = ? WHERE id = ?');
const addInterval = sql('INSERT INTO presence_log (supporter_id, state, started_at, ended_at) VALUES (?, ?, ?, ?)');
const addSeconds = {
  available: sql('INSERT INTO presence_days (day, supporter_id, available_s) VALUES (?, ?, ?) ON CONFLICT (day, supporter_id) DO UPDATE SET available_s = available_s + excluded.available_s'),
  away: sql('INSERT INTO presence_days (day, supporter_id, away_s) VALUES (?, ?, ?) ON CONFLICT (day, supporter_id) DO UPDATE SET away_s = away_s + excluded.away_s'),
  break: sql('INSERT INTO presence_days (day, supporter_id, break_s) VALUES (?, ?, ?) ON CONFLICT (day, supporter_id) DO UPDATE SET break_s = break_s + excluded.break_s'),
};

/** The state a supporter is logged in now, or null when offline (no page open counts as offline). */
function stateOf(db: Db, supporterId: number): PresenceState | null {
  const s = current.get(db, supporterId);
  if (!s || !s.online || s.place === 'gone' || s.place === 'offline') return null;
  return s.status === 'break' ? 'break' : s.status === 'away' ? 'away' : 'available';
}

/** The next local midnight after `at` in a time zone. */
export function nextMidnight(at: number, zone: string): number {
  const [y, m, d] = localDay(at, zone).split('-').map(Number) as [number, number, number];
  return dayStartIn(new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10), zone);
}

/** Closes an interval at `at`, cut at each local midnight it crossed, and counts its seconds per day. */
function close(db: Db, supporterId: number, open: { id: number; state: PresenceState; startedAt: number }, at: number): void {
  const zone = teamTimezone(db);
  let from = open.startedAt;
  let first = true;
  while (from < at) {
    const until = Math.min(at, nextMidnight(from, zone));
    if (first) endInterval.run(db, until, open.id);
    else addInterval.run(db, supporterId, open.state, from, until);
    addSeconds[open.state].run(db, localDay(from, zone), supporterId, Math.round((until - from) / 1000));
    first = false;
    from = until;
  }
  if (first) endInterval.run(db, at, open.id);
}

/** Brings a supporter's log up to their state now. */
export function logPresence(db: Db, supporterId: number, now: number): void {
  const state = stateOf(db, supporterId);
  const open = openInterval.get(db, supporterId);
  if (open?.state === state) return;
  if (open) close(db, supporterId, open, now);
  if (state) addInterval.run(db, supporterId, state, now, null);
}

export function presenceOnChange(deps: Deps, tx: Db, event: EventOf<'supporter.status' | 'supporter.presence'>): void {
  const now = deps.clock.now();
  if (event.type === 'supporter.presence') for (const id of event.data.ids) logPresence(tx, id, now);
  else if (event.supporterId) logPresence(tx, event.supporterId, now);
}
