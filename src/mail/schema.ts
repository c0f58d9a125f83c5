import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tickets } from '../line/schema.ts';

export const MAIL_STATES = ['queued', 'sent', 'failed'] as const;

/**
 * Mail waiting to go out, and what became of it. A message is queued in the same transaction as
 * the change that causes it, so a failing mail server never loses it; it is retried with backoff.
 */
export const mailOutbox = sqliteTable('mail_outbox', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** What the mail is: 'transcript', 'reply', 'offline', ... */
  kind: text('kind').notNull(),
  ticketId: integer('ticket_id').references(() => tickets.id),
  toAddress: text('to_address').notNull(),
  toName: text('to_name').notNull().default(''),
  subject: text('subject').notNull(),
  text: text('text').notNull(),
  html: text('html').notNull(),
  state: text('state', { enum: MAIL_STATES }).notNull().default('queued'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: integer('next_attempt_at').notNull(),
  /** A short reason for supporters (never credentials or a stack trace). */
  lastError: text('last_error'),
  createdAt: integer('created_at').notNull(),
  sentAt: integer('sent_at'),
}, (t) => [index('mail_outbox_due').on(t.state, t.nextAttemptAt), index('mail_outbox_ticket').on(t.ticketId)]);
