import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tickets } from '../line/schema.ts';
import { supporters } from '../supporters/schema.ts';

export const TRANSFER_STATES = ['pending', 'accepted', 'declined', 'expired', 'withdrawn'] as const;

/** A ticket offered by its holder to a named colleague, who accepts or declines. */
export const transfers = sqliteTable('transfers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ticketId: integer('ticket_id').notNull().references(() => tickets.id),
  fromId: integer('from_id').notNull().references(() => supporters.id),
  toId: integer('to_id').notNull().references(() => supporters.id),
  note: text('note').notNull().default(''),
  state: text('state', { enum: TRANSFER_STATES }).notNull().default('pending'),
  createdAt: integer('created_at').notNull(),
  answeredAt: integer('answered_at'),
}, (t) => [
  index('transfers_to').on(t.toId, t.state),
  index('transfers_ticket').on(t.ticketId, t.state),
  index('transfers_pending').on(t.state, t.createdAt),
]);

/** Colleagues invited into a ticket: they read and write in it beside the holder. */
export const ticketHelpers = sqliteTable('ticket_helpers', {
  ticketId: integer('ticket_id').notNull().references(() => tickets.id),
  supporterId: integer('supporter_id').notNull().references(() => supporters.id),
  addedAt: integer('added_at').notNull(),
}, (t) => [primaryKey({ columns: [t.ticketId, t.supporterId] }), index('ticket_helpers_supporter').on(t.supporterId)]);
