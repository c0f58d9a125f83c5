import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid, NotFound } from '../lib/errors.ts';
import { cleanLine } from '../lib/input.ts';
import { sql, type Db } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';
import { hhmm, localMoment, teamTimezone, WEEKDAYS } from '../hours/hours.ts';
import { EXCEPTION_KINDS, type ExceptionKind } from './schema.ts';

export const SHIFT_LIMITS = { perDay: 6, exceptions: 100, note: 100 } as const;

export interface Interval { startsAt: number; endsAt: number }
export interface Week { weekday: number; intervals: Interval[] }
export interface ShiftException { day: string; kind: ExceptionKind; note: string }

const weekOf = sql<{ weekday: number } & Interval>(`SELECT weekday, starts_at AS startsAt, ends_at AS endsAt FROM shifts
  WHERE supporter_id = ? ORDER BY weekday, starts_at LIMIT 100`);
const clearWeek = sql('DELETE FROM shifts WHERE supporter_id = ?');
const insertShift = sql('INSERT INTO shifts (supporter_id, weekday, starts_at, ends_at) VALUES (?, ?, ?, ?)');
const exceptionsOf = sql<ShiftException>(`SELECT day, kind, note FROM shift_exceptions WHERE supporter_id = ? AND day >= ?
  ORDER BY day LIMIT ${SHIFT_LIMITS.exceptions}`);
const exceptionCount = sql('SELECT count(*) FROM shift_exceptions WHERE supporter_id = ? AND day >= ?');
const upsertException = sql(`INSERT INTO shift_exceptions (supporter_id, day, kind, note) VALUES (?, ?, ?, ?)
  ON CONFLICT (supporter_id, day) DO UPDATE SET kind = excluded.kind, note = excluded.note`);
const deleteException = sql('DELETE FROM shift_exceptions WHERE supporter_id = ? AND day = ?');

/**
 * Whether a supporter (the row `s` of a query) works now, as SQL with four parameters: the local
 * day, weekday, minute and minute again. No shifts at all: always on. Written out for the queries
 * that choose whom to call (src/groups/candidates.ts), so that choice stays one statement.
 */
export const ON_SHIFT_SQL = `(NOT EXISTS (SELECT 1 FROM shifts x WHERE x.supporter_id = s.id)
  OR (NOT EXISTS (SELECT 1 FROM shift_exceptions e WHERE e.supporter_id = s.id AND e.day = +?)
    AND EXISTS (SELECT 1 FROM shifts x WHERE x.supporter_id = s.id AND x.weekday = +? AND x.starts_at <= +? AND x.ends_at > +?)))`;

const offShiftOne = sql(`SELECT 1 FROM supporters s WHERE s.id = +? AND NOT ${ON_SHIFT_SQL}`);
const offShiftAmong = sql(`SELECT s.id FROM (SELECT DISTINCT supporter_id AS id FROM shifts) s WHERE NOT ${ON_SHIFT_SQL} LIMIT 10000`);

/** The parameters of ON_SHIFT_SQL at an instant, in the team's time zone. */
export function shiftParams(db: Db, now: number): [string, number, number, number] {
  const { day, weekday, minute } = localMoment(now, teamTimezone(db));
  return [day, weekday, minute, minute];
}

/** Who has shifts and is outside them now (or on a day off): offers skip them, the team list says so. */
export function offShiftNow(db: Db, now: number): Set<number> {
  return new Set(offShiftAmong.values(db, ...shiftParams(db, now)) as number[]);
}

/** Whether one supporter has shifts and is outside them now. */
export function isOffShift(db: Db, supporterId: number, now: number): boolean {
  return offShiftOne.value(db, supporterId, ...shiftParams(db, now)) !== undefined;
}

/** A supporter's week, every weekday (empty days too), in order from Monday. */
export function weekOfSupporter(db: Db, supporterId: number): Week[] {
  const rows = weekOf.all(db, supporterId);
  return [1, 2, 3, 4, 5, 6, 0].map((weekday) => ({ weekday, intervals: rows.filter((r) => r.weekday === weekday) }));
}

/** A supporter's days off from today on. */
export function upcomingExceptions(db: Db, supporterId: number, now: number): ShiftException[] {
  return exceptionsOf.all(db, supporterId, localMoment(now, teamTimezone(db)).day);
}

/** A day's intervals as the form shows them: "09:00-12:00, 13:00-17:00". */
export function intervalsText(intervals: Interval[]): string {
  return intervals.map((i) => `${hhmm(i.startsAt)}-${i.endsAt === 1440 ? '24:00' : hhmm(i.endsAt)}`).join(', ');
}

/**
 * Reads "09:00-12:00, 13:00-17:00" (24:00 ends at midnight). Wrong times, an end not after its
 * start, overlaps and too many intervals are refused; empty is a day off.
 */
export function parseIntervals(raw: unknown): Interval[] | Text {
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (!text) return [];
  if (text.length > 200) return new Text('admin.shifts.invalid');
  const intervals: Interval[] = [];
  for (const part of text.split(/[,;]/).map((p) => p.trim()).filter(Boolean)) {
    const match = /^(\d{1,2}):([0-5]\d)\s*[-–]\s*(\d{1,2}):([0-5]\d)$/.exec(part);
    if (!match) return new Text('admin.shifts.invalid');
    const startsAt = Number(match[1]) * 60 + Number(match[2]);
    const endsAt = Number(match[3]) * 60 + Number(match[4]);
    if (Number(match[1]) > 23 || endsAt > 1440 || endsAt <= startsAt) return new Text('admin.shifts.invalid');
    intervals.push({ startsAt, endsAt });
  }
  intervals.sort((a, b) => a.startsAt - b.startsAt);
  if (intervals.length > SHIFT_LIMITS.perDay) return new Text('admin.shifts.tooMany', { max: SHIFT_LIMITS.perDay });
  if (intervals.some((interval, i) => i > 0 && interval.startsAt < intervals[i - 1]!.endsAt)) return new Text('admin.shifts.overlap');
  return intervals;
}

/**
 * An admin sets a supporter's weekly shifts from a form with a field per weekday (`day_0` for
 * Sunday .. `day_6`). All or nothing: one wrong day changes nothing. Colleagues' team lists
 * learn whether they are on shift.
 */
export function saveWeek(deps: Deps, supporterId: number, form: Record<string, unknown>): Week[] {
  const fields: Record<string, Text> = {};
  const days = new Map<number, Interval[]>();
  for (const weekday of WEEKDAYS) {
    const parsed = parseIntervals(form[`day_${weekday}`]);
    if (parsed instanceof Text) fields[`day_${weekday}`] = parsed;
    else days.set(weekday, parsed);
  }
  if (Object.keys(fields).length) throw new Invalid(new Text('admin.form.fixMarked'), fields);
  commit(deps, (tx, emit) => {
    clearWeek.run(tx, supporterId);
    for (const [weekday, intervals] of days) for (const i of intervals) insertShift.run(tx, supporterId, weekday, i.startsAt, i.endsAt);
    emit({ topic: 'team', type: 'supporter.status', supporterId });
  });
  return weekOfSupporter(deps.db, supporterId);
}

/** An admin marks a whole day off for a supporter (a holiday, a sick day), today or later. */
export function addException(deps: Deps, supporterId: number, form: Record<string, unknown>): void {
  const fields: Record<string, Text> = {};
  const day = String(form.day ?? '').trim();
  const today = localMoment(deps.clock.now(), teamTimezone(deps.db)).day;
  const date = /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T00:00:00Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) fields.day = new Text('admin.shifts.dayInvalid');
  else if (day < today) fields.day = new Text('admin.shifts.dayPast');
  const kind = String(form.kind ?? '') as ExceptionKind;
  if (!EXCEPTION_KINDS.includes(kind)) fields.kind = new Text('admin.shifts.kindInvalid');
  const note = cleanLine(form.note);
  if ([...note].length > SHIFT_LIMITS.note) fields.note = new Text('input.tooLong', { label: new Text('admin.shifts.note'), max: SHIFT_LIMITS.note });
  if (Object.keys(fields).length) throw new Invalid(new Text('admin.form.fixMarked'), fields);
  commit(deps, (tx, emit) => {
    if ((exceptionCount.value(tx, supporterId, today) as number) >= SHIFT_LIMITS.exceptions) {
      throw new Invalid(new Text('admin.shifts.tooManyDays', { max: SHIFT_LIMITS.exceptions }), {});
    }
    upsertException.run(tx, supporterId, day, kind, note);
    emit({ topic: 'team', type: 'supporter.status', supporterId });
  });
}

export function removeException(deps: Deps, supporterId: number, rawDay: unknown): void {
  commit(deps, (tx, emit) => {
    if (deleteException.run(tx, supporterId, String(rawDay ?? '')).changes === 0) throw new NotFound(new Text('admin.shifts.noSuchDay'));
    emit({ topic: 'team', type: 'supporter.status', supporterId });
  });
}
