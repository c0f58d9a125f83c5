import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { supporters } from '../supporters/schema.ts';

/** The team's internal chat on the desk: supporters only, never shown to a visitor. */
export const teamMessages = sqliteTable('team_messages', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  supporterId: integer('supporter_id').notNull().references(() => supporters.id),
  body: text('body').notNull(),
  clientNonce: text('client_nonce'),
  createdAt: integer('created_at').notNull(),
}, (t) => [
  index('team_messages_created').on(t.createdAt),
  uniqueIndex('team_messages_nonce').on(t.supporterId, t.clientNonce),
]);
