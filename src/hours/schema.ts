import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Opening hours per weekday (0 = Sunday), minutes after midnight in the site's time zone. */
export const openingHours = sqliteTable('opening_hours', {
  weekday: integer('weekday').notNull(),
  opensAt: integer('opens_at').notNull(),
  closesAt: integer('closes_at').notNull(),
}, (t) => [primaryKey({ columns: [t.weekday, t.opensAt] })]);

/** Whole days the team is closed (holidays), as YYYY-MM-DD in the site's time zone. */
export const closedDates = sqliteTable('closed_dates', {
  day: text('day').primaryKey(),
  note: text('note').notNull().default(''),
});

/** Site-wide settings an admin changes on a page (time zone, whether hours apply, ...). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
