import { sql, type Db } from '../lib/sql.ts';
import type { Deps } from '../lib/deps.ts';
import { availableSupporterCount } from '../presence/status.ts';
import { dayStartIn, localDay, teamTimezone } from '../hours/hours.ts';

const MINUTE = 60_000;
/** Samples older than this go (the reports to come keep their own aggregates). */
export const SAMPLES_KEPT_DAYS = 400;

const waitingNow = sql("SELECT count(*) FROM tickets WHERE state = 'waiting'");
const chatsNow = sql<{ chats: number; busy: number }>("SELECT count(*) AS chats, count(DISTINCT supporter_id) AS busy FROM tickets WHERE state = 'claimed'");
const saveSample = sql(`INSERT INTO load_samples (minute, waiting, available, chats, busy) VALUES (?, ?, ?, ?, ?)
  ON CONFLICT (minute) DO UPDATE SET waiting = excluded.waiting, available = excluded.available, chats = excluded.chats, busy = excluded.busy`);
const samplesFrom = sql<{ minute: number; waiting: number; available: number }>('SELECT minute, waiting, available FROM load_samples WHERE minute >= ? AND minute < ? ORDER BY minute LIMIT 1500');
const pruneSamples = sql('DELETE FROM load_samples WHERE minute < ?');

/** Records this minute's load: tickets waiting, supporters available, chats and busy supporters (run once a minute). */
export function sampleLoad(deps: Deps): void {
  const now = deps.clock.now();
  const { chats, busy } = chatsNow.get(deps.db)!;
  saveSample.run(deps.db, now - (now % MINUTE), waitingNow.value(deps.db) as number, availableSupporterCount(deps.db), chats, busy);
  pruneSamples.run(deps.db, now - SAMPLES_KEPT_DAYS * 24 * 60 * MINUTE);
}

export interface Timeline {
  /** The day's start, and one point per sampled minute since. */
  from: number;
  points: Array<{ minute: number; waiting: number; available: number }>;
  /** Per hour of the day (0-23, local): the most waiting and the fewest available. */
  hours: Array<{ hour: number; maxWaiting: number; minAvailable: number }>;
}

/** Today's samples in the team's zone, as the dashboard draws them. */
export function todaysTimeline(db: Db, now: number): Timeline {
  const zone = teamTimezone(db);
  const from = dayStartIn(localDay(now, zone), zone);
  const points = samplesFrom.all(db, from, now + 1);
  const byHour = new Map<number, { hour: number; maxWaiting: number; minAvailable: number }>();
  for (const p of points) {
    const hour = Math.floor((p.minute - from) / (60 * MINUTE));
    const h = byHour.get(hour) ?? { hour, maxWaiting: 0, minAvailable: Number.MAX_SAFE_INTEGER };
    h.maxWaiting = Math.max(h.maxWaiting, p.waiting);
    h.minAvailable = Math.min(h.minAvailable, p.available);
    byHour.set(hour, h);
  }
  return { from, points, hours: [...byHour.values()] };
}
