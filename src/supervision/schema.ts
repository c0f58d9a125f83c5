import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';

/** Once a minute: how many tickets waited, supporters were available, chats ran (the dashboard's timeline, the forecast). */
export const loadSamples = sqliteTable('load_samples', {
  /** The minute's start, in milliseconds. */
  minute: integer('minute').primaryKey(),
  waiting: integer('waiting').notNull(),
  available: integer('available').notNull(),
  /** Chats in progress, and supporters holding at least one: how many chats a busy supporter holds (the forecast's). */
  chats: integer('chats').notNull().default(0),
  busy: integer('busy').notNull().default(0),
});
