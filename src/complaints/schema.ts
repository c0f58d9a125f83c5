import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const COMPLAINT_STATES = ['open', 'taken', 'resolved'] as const;
export type ComplaintState = (typeof COMPLAINT_STATES)[number];

/**
 * A visitor's complaint about a conversation: it reaches supervisors (open), one of them takes
 * it, may answer the visitor by e-mail, and resolves it.
 */
export const complaints = sqliteTable('complaints', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ticketId: integer('ticket_id').notNull(),
  body: text('body').notNull(),
  state: text('state', { enum: COMPLAINT_STATES }).notNull().default('open'),
  takenBy: integer('taken_by'),
  /** The answer mailed to the visitor, if any, and when. */
  answer: text('answer'),
  answeredAt: integer('answered_at'),
  resolvedAt: integer('resolved_at'),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('complaints_ticket').on(t.ticketId), index('complaints_state').on(t.state, t.id)]);
