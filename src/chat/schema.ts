import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { tickets } from '../line/schema.ts';
import { supporters } from '../supporters/schema.ts';

/** A 'note' is a supporter's private note inside a ticket: supporters see it, the visitor never does. */
export const AUTHORS = ['visitor', 'supporter', 'system', 'note'] as const;
export type Author = (typeof AUTHORS)[number];

export const messages = sqliteTable('messages', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ticketId: integer('ticket_id').notNull().references(() => tickets.id),
  author: text('author', { enum: AUTHORS }).notNull(),
  supporterId: integer('supporter_id').references(() => supporters.id),
  /** The visitor's problem description is the conversation's first message, so search finds it too. */
  isProblem: integer('is_problem', { mode: 'boolean' }).notNull().default(false),
  body: text('body').notNull(),
  /**
   * A line Lineup wrote, as its catalogue key and values (JSON), so each reader gets it in their
   * own language; `body` keeps the words the visitor was shown.
   */
  systemText: text('system_text'),
  /** Chosen by the sender's page per message, so a resent form cannot post the same message twice. */
  clientNonce: text('client_nonce'),
  createdAt: integer('created_at').notNull(),
}, (t) => [
  index('messages_ticket').on(t.ticketId, t.id),
  uniqueIndex('messages_nonce').on(t.ticketId, t.clientNonce),
]);
