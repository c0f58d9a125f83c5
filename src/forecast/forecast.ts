import type { Db } from '../lib/sql.ts';
import { arrivalsBetween, HOUR_MS } from './arrivals.ts';

/*
 * Expected tickets per hour for the coming week: for each hour, the same hour of the past weeks,
 * recent weeks weighing more (each week before counts 0.6 of the one after it). Measured the
 * same way on the last week, predicted from the weeks before it, the forecast's error is shown
 * beside it, so a team knows how far to trust it.
 */

export const WEEK_MS = 7 * 24 * HOUR_MS;
/** Weeks of history the forecast reads. */
export const WEEKS = 6;
/** How much each older week counts relative to the one after it. */
export const DECAY = 0.6;

/** The expected tickets for each of `hours` hours from `from`, read from the WEEKS weeks before `from`. */
function predict(counts: Map<number, number>, firstHour: number | null, from: number, hours: number): number[] {
  const out: number[] = [];
  for (let h = 0; h < hours; h++) {
    const at = from + h * HOUR_MS;
    let sum = 0, weight = 0;
    for (let k = 1; k <= WEEKS; k++) {
      const past = at - k * WEEK_MS;
      // A week before the first ticket ever is no evidence of a quiet hour.
      if (firstHour === null || past < firstHour) continue;
      const w = DECAY ** (k - 1);
      sum += w * (counts.get(past) ?? 0);
      weight += w;
    }
    out.push(weight ? sum / weight : 0);
  }
  return out;
}

export interface Forecast {
  /** The first forecast hour's start (the next whole hour), and the expected tickets of each of the next 168 hours. */
  from: number;
  expected: number[];
  /** Weeks of history the forecast stood on (at most WEEKS). */
  weeks: number;
  /** The error of the same method on the last week (predicted from the weeks before it): total absolute error over total tickets; null without enough history. */
  lastWeekError: number | null;
}

/** The forecast for the week from the next whole hour after `now`. */
export function forecastWeek(db: Db, now: number): Forecast {
  const from = now - (now % HOUR_MS) + HOUR_MS;
  const counts = arrivalsBetween(db, from - (WEEKS + 1) * WEEK_MS, from);
  const firstHour = counts.size ? Math.min(...counts.keys()) : null;
  const expected = predict(counts, firstHour, from, 168);
  const weeks = firstHour === null ? 0 : Math.min(WEEKS, Math.floor((from - firstHour) / WEEK_MS));
  let lastWeekError: number | null = null;
  if (weeks >= 2) {
    const lastWeek = from - WEEK_MS;
    const predicted = predict(counts, firstHour, lastWeek, 168);
    let actualSum = 0, errorSum = 0;
    predicted.forEach((p, h) => {
      const actual = counts.get(lastWeek + h * HOUR_MS) ?? 0;
      actualSum += actual;
      errorSum += Math.abs(p - actual);
    });
    lastWeekError = actualSum ? errorSum / actualSum : null;
  }
  return { from, expected, weeks, lastWeekError };
}
