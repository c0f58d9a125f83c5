import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { messages } from '../chat/schema.ts';
import { tickets } from '../line/schema.ts';

/** A file sent in a conversation: stored under a server-made name, described by what its bytes are. */
export const attachments = sqliteTable('attachments', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ticketId: integer('ticket_id').notNull().references(() => tickets.id),
  messageId: integer('message_id').references(() => messages.id),
  /** Random name on disk (under db/files/); never derived from what the sender called it. */
  storedName: text('stored_name').notNull().unique(),
  /** The sender's file name, cleaned, only ever shown as text and in Content-Disposition. */
  originalName: text('original_name').notNull(),
  /** The type found by looking at the content (not the name or what the browser claimed). */
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('attachments_message').on(t.messageId), index('attachments_ticket').on(t.ticketId)]);
