import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Append-only log of what changed. Ids are monotonic and double as SSE event ids, so a page that
 * reconnects with Last-Event-ID gets exactly what it missed. `topic` is a broadcast channel
 * ('line', 'team'); ticketId and supporterId route private events to the pages that may see them.
 */
export const events = sqliteTable('events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  topic: text('topic').notNull(),
  type: text('type').notNull(),
  ticketId: integer('ticket_id'),
  supporterId: integer('supporter_id'),
  /** Small JSON payload: ids only; views read current rows when rendering. */
  data: text('data').notNull().default('{}'),
  createdAt: integer('created_at').notNull(),
}, (t) => [
  index('events_topic').on(t.topic, t.id),
  index('events_ticket').on(t.ticketId, t.id),
  index('events_supporter').on(t.supporterId, t.id),
  index('events_created').on(t.createdAt),
]);
