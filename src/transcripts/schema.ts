import { integer, sqliteTable } from 'drizzle-orm/sqlite-core';

/**
 * How far the search index (messages_fts) has caught up with the messages: every message with
 * an id up to `indexedUpTo` is indexed (system lines never are). One row.
 */
export const searchProgress = sqliteTable('search_progress', {
  id: integer('id').primaryKey(),
  indexedUpTo: integer('indexed_up_to').notNull(),
});
