import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { cleanLine, throwIfInvalid } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { Text } from '../i18n/index.ts';
import { commit } from '../realtime/events.ts';
import { backOn, backOnDate, backToday, backTomorrow, LocalText, weekdayName } from './when.ts';

const timezoneSetting = sql<{ value: string }>("SELECT value FROM settings WHERE key = 'timezone'");
const openingHours = sql<OpeningHours['days'][number]>('SELECT weekday, opens_at AS opensAt, closes_at AS closesAt FROM opening_hours ORDER BY weekday, opens_at');
const closedDates = sql<OpeningHours['closed'][number]>('SELECT day, note FROM closed_dates ORDER BY day LIMIT 366');
const setTimezone = sql("INSERT INTO settings (key, value) VALUES ('timezone', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
const clearOpeningHours = sql('DELETE FROM opening_hours');
const insertOpeningHours = sql('INSERT INTO opening_hours (weekday, opens_at, closes_at) VALUES (?, ?, ?)');
const setClosedDate = sql('INSERT INTO closed_dates (day, note) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET note = excluded.note');
const deleteClosedDate = sql('DELETE FROM closed_dates WHERE day = ?');

/** Weekdays as opening_hours numbers them: 0 is Sunday. Their names come from Intl (./when.ts). */
export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;

export interface OpeningHours {
  timezone: string;
  /** One interval per weekday that opens; days without one are closed. */
  days: Array<{ weekday: number; opensAt: number; closesAt: number }>;
  closed: Array<{ day: string; note: string }>;
}

/** The site's opening hours. None set up means always open. */
export function loadHours(db: Db): OpeningHours {
  const timezone = teamTimezone(db);
  const days = openingHours.all(db);
  const closed = closedDates.all(db);
  return { timezone, days, closed };
}

/** The team's time zone (set with the opening hours), UTC until one is chosen. */
export function teamTimezone(db: Db): string {
  return timezoneSetting.value(db) ?? 'UTC';
}

export function validTimezone(zone: string): boolean {
  if (!zone || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const minutesOf = (raw: unknown): number | null => {
  const match = typeof raw === 'string' ? /^([01][0-9]|2[0-3]):([0-5][0-9])$/.exec(raw.trim()) : null;
  return match ? Number(match[1]) * 60 + Number(match[2]) : null;
};

/**
 * An admin sets the time zone and, per weekday, when the team opens and closes ("09:00" and
 * "17:00"; both empty: closed that day). Outside these hours the intake becomes an offline form.
 */
export function saveHours(deps: Deps, form: Record<string, string>): void {
  const timezone = cleanLine(form.timezone);
  const fields: Record<string, Text> = {};
  if (!validTimezone(timezone)) fields.timezone = new Text('admin.hours.zoneInvalid');
  const days: OpeningHours['days'] = [];
  const aboutDay = (weekday: number, key: 'admin.hours.dayTimes' | 'admin.hours.dayOrder') =>
    new LocalText(key, (lang) => ({ day: weekdayName(lang, weekday) }));
  for (const weekday of WEEKDAYS) {
    const [opens, closes] = [form[`opens${weekday}`] ?? '', form[`closes${weekday}`] ?? ''];
    if (!opens.trim() && !closes.trim()) continue;
    const [opensAt, closesAt] = [minutesOf(opens), minutesOf(closes)];
    if (opensAt === null || closesAt === null) fields[`day${weekday}`] = aboutDay(weekday, 'admin.hours.dayTimes');
    else if (closesAt <= opensAt) fields[`day${weekday}`] = aboutDay(weekday, 'admin.hours.dayOrder');
    else days.push({ weekday, opensAt, closesAt });
  }
  throwIfInvalid(fields);
  commit(deps, (tx, emit) => {
    setTimezone.run(tx, timezone);
    clearOpeningHours.run(tx);
    for (const d of days) insertOpeningHours.run(tx, d.weekday, d.opensAt, d.closesAt);
    emit({ topic: 'team', type: 'hours.changed' });
  });
}

/** Adds a whole closed day (a holiday), YYYY-MM-DD in the site's time zone. */
export function addClosedDate(deps: Deps, rawDay: unknown, rawNote: unknown): void {
  const day = cleanLine(rawDay);
  const note = cleanLine(rawNote);
  const valid = /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(Date.parse(`${day}T00:00:00Z`)) && new Date(`${day}T00:00:00Z`).toISOString().startsWith(day);
  if (!valid) throw new Invalid(new Text('admin.hours.dateInvalid'), { day: new Text('admin.hours.dateInvalid') });
  if ([...note].length > 100) throw new Invalid(new Text('admin.hours.noteTooLong', { max: 100 }), { note: new Text('admin.form.atMost', { max: 100 }) });
  commit(deps, (tx, emit) => {
    setClosedDate.run(tx, day, note);
    emit({ topic: 'team', type: 'hours.changed' });
  });
}

export function removeClosedDate(deps: Deps, rawDay: unknown): void {
  commit(deps, (tx, emit) => {
    deleteClosedDate.run(tx, cleanLine(rawDay));
    emit({ topic: 'team', type: 'hours.changed' });
  });
}

// Making a DateTimeFormat costs far more than using one (it was the top cost of a refused join): one per zone.
const zoneFormats = new Map<string, Intl.DateTimeFormat>();
function zoneFormat(timezone: string): Intl.DateTimeFormat {
  let format = zoneFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    if (zoneFormats.size > 100) zoneFormats.clear();
    zoneFormats.set(timezone, format);
  }
  return format;
}

/** The local calendar date, weekday and minute of an instant in a time zone. */
function localTime(now: number, timezone: string) {
  const parts = Object.fromEntries(zoneFormat(timezone).formatToParts(now).map((p) => [p.type, p.value]));
  const [y, m, d] = [Number(parts.year), Number(parts.month), Number(parts.day)];
  return { y, m, d, minute: Number(parts.hour) * 60 + Number(parts.minute) };
}

/** An instant as a time zone's wall clock: its date (YYYY-MM-DD), weekday (0 = Sunday) and minute of the day. */
export function localMoment(at: number, timezone: string): { day: string; weekday: number; minute: number } {
  const { y, m, d, minute } = localTime(at, timezone);
  return { day: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`, weekday: new Date(Date.UTC(y, m - 1, d)).getUTCDay(), minute };
}

/** The calendar date (YYYY-MM-DD) an instant falls on in a time zone. */
export function localDay(at: number, timezone: string): string {
  const { y, m, d } = localTime(at, timezone);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The instant a calendar date (YYYY-MM-DD, valid) begins in a time zone: its local midnight. */
export function dayStartIn(day: string, timezone: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const midnight = Date.UTC(y, m - 1, d);
  // The zone's offset is the wall clock's distance from UTC; read it twice, as it may change that day.
  const offsetAt = (at: number) => { const l = localTime(at, timezone); return Date.UTC(l.y, l.m - 1, l.d) + l.minute * 60_000 - Math.floor(at / 60_000) * 60_000; };
  const guess = midnight - offsetAt(midnight);
  return midnight - offsetAt(guess);
}

/** Minutes after midnight as the HH:MM a time field takes. */
export const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/** Whether the team is open, and if not, when it is back: a Text, said in whoever reads it's language. */
export interface Opening { open: boolean; back: Text | null }

/**
 * Whether the team is open at `now`, and if not, when it is back ("Monday at 09:00", "в понедельник
 * в 09:00", in the site's time zone). No hours set up means always open, except on closed dates.
 *
 * @example
 * openingState(hours, now).back?.in('da') // 'i morgen kl. 09.00'
 */
export function openingState(hours: OpeningHours, now: number): Opening {
  const local = localTime(now, hours.timezone);
  const closedDays = new Set(hours.closed.map((c) => c.day));
  const dayAfter = (k: number) => {
    const date = new Date(Date.UTC(local.y, local.m - 1, local.d + k));
    return { iso: date.toISOString().slice(0, 10), weekday: date.getUTCDay() };
  };
  const today = dayAfter(0);
  if (!hours.days.length) {
    if (!closedDays.has(today.iso)) return { open: true, back: null };
    for (let k = 1; k <= 366; k++) if (!closedDays.has(dayAfter(k).iso)) return { open: false, back: backOnDate(dayAfter(k).weekday, dayAfter(k).iso) };
    return { open: false, back: null };
  }
  const todays = closedDays.has(today.iso) ? [] : hours.days.filter((d) => d.weekday === today.weekday);
  if (todays.some((d) => local.minute >= d.opensAt && local.minute < d.closesAt)) return { open: true, back: null };
  const later = todays.find((d) => d.opensAt > local.minute);
  if (later) return { open: false, back: backToday(later.opensAt) };
  for (let k = 1; k <= 14; k++) {
    const day = dayAfter(k);
    if (closedDays.has(day.iso)) continue;
    const first = hours.days.find((d) => d.weekday === day.weekday);
    if (first) return { open: false, back: k === 1 ? backTomorrow(first.opensAt) : backOn(day.weekday, first.opensAt) };
  }
  return { open: false, back: null };
}
