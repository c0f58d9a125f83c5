import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';

/** Once a minute: how many tickets waited and how many supporters were available (the dashboard's timeline). */
export const loadSamples = sqliteTable('load_samples', {
  /** The minute's start, in milliseconds. */
  minute: integer('minute').primaryKey(),
  waiting: integer('waiting').notNull(),
  available: integer('available').notNull(),
});
