import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { supporters } from '../supporters/schema.ts';

/**
 * A supporter's weekly shifts: intervals per weekday (0 = Sunday), minutes after midnight in the
 * team's time zone, end exclusive (1440: midnight). A supporter without any is never off shift.
 */
export const shifts = sqliteTable('shifts', {
  supporterId: integer('supporter_id').notNull().references(() => supporters.id),
  weekday: integer('weekday').notNull(),
  startsAt: integer('starts_at').notNull(),
  endsAt: integer('ends_at').notNull(),
}, (t) => [primaryKey({ columns: [t.supporterId, t.weekday, t.startsAt] })]);

export const EXCEPTION_KINDS = ['holiday', 'sick', 'off'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/** Whole days a supporter is off shift whatever their week says (a holiday, a sick day), YYYY-MM-DD in the team's zone. */
export const shiftExceptions = sqliteTable('shift_exceptions', {
  supporterId: integer('supporter_id').notNull().references(() => supporters.id),
  day: text('day').notNull(),
  kind: text('kind', { enum: EXCEPTION_KINDS }).notNull(),
  note: text('note').notNull().default(''),
}, (t) => [primaryKey({ columns: [t.supporterId, t.day] }), index('shift_exceptions_day').on(t.day)]);
