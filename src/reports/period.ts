import { Text } from '../i18n/index.ts';
import { Invalid } from '../lib/errors.ts';

/** The calendar's choices: a day, its week (Monday first), its month, its year, or any range of days. */
export const PERIOD_KINDS = ['day', 'week', 'month', 'year', 'range'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

/** A period as local dates in the team's time zone, both included. */
export interface Period { kind: PeriodKind; from: string; to: string; date: string }

/** The longest range a report covers (ten years: any period a team has data for). */
const MAX_DAYS = 3660;
const DAY_MS = 86_400_000;

const asUtc = (day: string) => Date.parse(`${day}T00:00:00Z`);
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** A real calendar date written YYYY-MM-DD, or null. */
export function validDay(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const ms = asUtc(value);
  return Number.isFinite(ms) && dayOf(ms) === value ? value : null;
}

/** Days from one date to another, both included. */
export const daysIn = (p: { from: string; to: string }) => Math.round((asUtc(p.to) - asUtc(p.from)) / DAY_MS) + 1;

/** The date a number of days after (or before) another. */
export const addDays = (day: string, n: number) => dayOf(asUtc(day) + n * DAY_MS);

/**
 * The period a report asks for, from the calendar's fields; `today` (local) when none is given.
 * Broken dates and reversed or overlong ranges are refused with what to fix.
 *
 * @example
 * periodOf({ period: 'week', date: '2026-12-09' }, '2026-12-07') // { kind: 'week', from: '2026-12-07', to: '2026-12-13', ... }
 */
export function periodOf(input: { period?: string; date?: string; from?: string; to?: string }, today: string): Period {
  const kind = (PERIOD_KINDS as readonly string[]).includes(input.period ?? '') ? (input.period as PeriodKind) : 'month';
  if (kind === 'range') {
    const from = validDay(input.from), to = validDay(input.to);
    const fields: Record<string, Text> = {};
    if (!from) fields.from = new Text('desk.reports.badDate');
    if (!to) fields.to = new Text('desk.reports.badDate');
    if (from && to && to < from) fields.to = new Text('desk.reports.toBeforeFrom');
    if (from && to && to >= from && daysIn({ from, to }) > MAX_DAYS) fields.to = new Text('desk.reports.tooLong', { years: 10 });
    if (Object.keys(fields).length) throw new Invalid(new Text('desk.reports.badPeriod'), fields);
    return { kind, from: from!, to: to!, date: from! };
  }
  const date = input.date ? validDay(input.date) : today;
  if (!date) throw new Invalid(new Text('desk.reports.badPeriod'), { date: new Text('desk.reports.badDate') });
  if (kind === 'day') return { kind, from: date, to: date, date };
  if (kind === 'week') {
    const monday = addDays(date, -((new Date(asUtc(date)).getUTCDay() + 6) % 7));
    return { kind, from: monday, to: addDays(monday, 6), date };
  }
  if (kind === 'month') {
    const first = `${date.slice(0, 7)}-01`;
    const [y, m] = date.split('-').map(Number) as [number, number];
    return { kind, from: first, to: dayOf(Date.UTC(y, m, 0)), date };
  }
  return { kind, from: `${date.slice(0, 4)}-01-01`, to: `${date.slice(0, 4)}-12-31`, date };
}

/** The period before and after this one, of the same kind (for the calendar's arrows). */
export function neighbours(p: Period): { before: Period; after: Period } {
  const len = daysIn(p);
  const shift = (n: number): Period => {
    if (p.kind === 'range') return { ...p, from: addDays(p.from, n * len), to: addDays(p.to, n * len), date: addDays(p.from, n * len) };
    const date = p.kind === 'month' ? addDays(n < 0 ? p.from : p.to, n)
      : p.kind === 'year' ? `${Number(p.from.slice(0, 4)) + n}-01-01` : addDays(p.from, n * len);
    return periodOf({ period: p.kind, date }, date);
  };
  return { before: shift(-1), after: shift(1) };
}
