import { sql, type Db } from '../lib/sql.ts';
import { addDays } from '../reports/period.ts';
import { localDay, localMoment, teamTimezone } from '../hours/hours.ts';
import { figuresOf, tallies } from '../reports/query.ts';
import { teamNorms } from '../sla/norms.ts';
import { serversNeeded } from './erlang.ts';
import { HOUR_MS } from './arrivals.ts';
import { forecastWeek, type Forecast } from './forecast.ts';

/*
 * The supporters each hour of the coming week needs to meet the claim norm, by Erlang C from the
 * forecast, the measured average chat and how many chats a busy supporter holds at once, shown
 * beside how many have a shift then.
 */

/** The share of tickets to be claimed within the claim norm. */
export const SERVICE_TARGET = 0.9;
/** Weeks of past chats the handling time and concurrency are measured over. */
const MEASURED_DAYS = 28;

const concurrencySince = sql<{ chats: number; busy: number }>('SELECT sum(chats) AS chats, sum(busy) AS busy FROM load_samples WHERE minute >= +?');
const shiftsAll = sql<{ supporterId: number; weekday: number; startsAt: number; endsAt: number }>(`SELECT x.supporter_id AS supporterId, x.weekday,
    x.starts_at AS startsAt, x.ends_at AS endsAt FROM shifts x JOIN supporters s ON s.id = x.supporter_id
  WHERE s.enabled = 1 AND s.deleted_at IS NULL LIMIT 100000`);
const daysOff = sql<{ supporterId: number; day: string }>('SELECT supporter_id AS supporterId, day FROM shift_exceptions WHERE day >= +? AND day <= +? LIMIT 100000');
const withoutShifts = sql(`SELECT count(*) FROM supporters s WHERE s.enabled = 1 AND s.deleted_at IS NULL
  AND NOT EXISTS (SELECT 1 FROM shifts x WHERE x.supporter_id = s.id)`);

export interface StaffingHour { start: number; day: string; hour: number; expected: number; needed: number; scheduled: number }
export interface Staffing {
  forecast: Forecast;
  hours: StaffingHour[];
  /** What the staffing stood on: average chat (s), chats at once per busy supporter, the claim norm (s), the target. */
  handleS: number | null; concurrency: number; claimNormS: number; target: number;
  /** Supporters without shifts: always on, so not counted per hour. */
  unscheduled: number;
}

/** The coming week, hour by hour: expected tickets, supporters needed, supporters on shift. */
export function staffingWeek(db: Db, now: number): Staffing {
  const zone = teamTimezone(db);
  const forecast = forecastWeek(db, now);
  const today = localDay(now, zone);
  const measured = figuresOf(tallies(db, { from: addDays(today, -MEASURED_DAYS), to: today }, 'all', {})[0]);
  const handleS = measured.duration.avg;
  const sample = concurrencySince.get(db, now - MEASURED_DAYS * 24 * HOUR_MS);
  // A busy supporter holds this many chats on average; one when nothing was measured yet.
  const concurrency = sample?.busy ? Math.max(1, sample.chats / sample.busy) : 1;
  const claimNormS = (teamNorms(db).claim || 5) * 60;
  const shifts = shiftsAll.all(db);
  const off = new Set(daysOff.all(db, today, addDays(today, 8)).map((d) => `${d.supporterId} ${d.day}`));
  const hours = forecast.expected.map((expected, i) => {
    const start = forecast.from + i * HOUR_MS;
    const { day, weekday, minute } = localMoment(start, zone);
    const on = new Set(shifts.filter((s) => s.weekday === weekday && s.startsAt <= minute && s.endsAt > minute && !off.has(`${s.supporterId} ${day}`)).map((s) => s.supporterId));
    const slots = handleS ? serversNeeded(expected, handleS, claimNormS, SERVICE_TARGET) : 0;
    return { start, day, hour: Math.floor(minute / 60), expected, needed: Math.ceil(slots / concurrency), scheduled: on.size };
  });
  return { forecast, hours, handleS, concurrency, claimNormS, target: SERVICE_TARGET, unscheduled: withoutShifts.value(db) as number };
}
