import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';

/** Tickets that joined a line in each hour (the hour's start, ms): the load forecast's history; it names nobody. */
export const arrivalHours = sqliteTable('arrival_hours', {
  hour: integer('hour').primaryKey(),
  tickets: integer('tickets').notNull(),
});
