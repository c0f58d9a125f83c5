import { dayStartIn, localDay, type OpeningHours } from './hours.ts';

/** How far ahead open time is looked for; a team closed longer than this counts the clock instead. */
const HORIZON_DAYS = 400;

/**
 * The instant at which `ms` of the team's open time has passed since `start` (service norms are
 * counted inside opening hours only: a ticket left waiting at closing time is not late overnight).
 * No hours set up means always open, except on closed dates. Days are the team's local days.
 *
 * @example
 * openTimeAfter(hours, fridayAt16h45, 30 * 60_000) // Monday 09:15 when the team works 09:00-17:00 on weekdays
 */
export function openTimeAfter(hours: OpeningHours, start: number, ms: number): number {
  const closed = new Set(hours.closed.map((c) => c.day));
  if (!hours.days.length && !closed.size) return start + ms;
  let left = ms;
  const first = localDay(start, hours.timezone);
  const [y, m, d] = first.split('-').map(Number) as [number, number, number];
  for (let k = 0; k < HORIZON_DAYS; k++) {
    const date = new Date(Date.UTC(y, m - 1, d + k));
    const day = date.toISOString().slice(0, 10);
    if (closed.has(day)) continue;
    const midnight = dayStartIn(day, hours.timezone);
    const intervals = hours.days.length ? hours.days.filter((h) => h.weekday === date.getUTCDay()) : [{ opensAt: 0, closesAt: 1440 }];
    for (const interval of intervals) {
      const from = Math.max(start, midnight + interval.opensAt * 60_000);
      const to = midnight + interval.closesAt * 60_000;
      if (from >= to) continue;
      if (to - from >= left) return from + left;
      left -= to - from;
    }
  }
  return start + ms;
}
