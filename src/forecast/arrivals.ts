import type { Deps } from '../lib/deps.ts';
import { sql, type Db } from '../lib/sql.ts';
import type { EventOf } from '../realtime/catalogue.ts';

/*
 * Tickets opened per hour, kept as they open (a count, naming nobody, so retention leaves it):
 * what the load forecast learns from.
 */

export const HOUR_MS = 3_600_000;

const countArrival = sql('INSERT INTO arrival_hours (hour, tickets) VALUES (?, 1) ON CONFLICT (hour) DO UPDATE SET tickets = tickets + 1');
const hoursFrom = sql<{ hour: number; tickets: number }>('SELECT hour, tickets FROM arrival_hours WHERE hour >= +? AND hour < +? ORDER BY hour LIMIT 20000');

/** A ticket joined the line: its hour counts one more. */
export function countOnJoin(deps: Deps, tx: Db, _event: EventOf<'ticket.joined'>): void {
  const now = deps.clock.now();
  countArrival.run(tx, now - (now % HOUR_MS));
}

/** Tickets opened in each hour from `from` to `until` (hours without any are absent). */
export function arrivalsBetween(db: Db, from: number, until: number): Map<number, number> {
  return new Map(hoursFrom.all(db, from, until).map((r) => [r.hour, r.tickets]));
}
