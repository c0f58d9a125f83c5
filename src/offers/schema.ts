import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { supporters } from '../supporters/schema.ts';

export const OFFER_OUTCOMES = ['ringing', 'accepted', 'declined', 'lapsed', 'taken', 'withdrawn'] as const;
export type OfferOutcome = (typeof OFFER_OUTCOMES)[number];

/**
 * A waiting ticket offered to one supporter (their desk rings): accepted, declined, lapsed, taken
 * by someone else meanwhile, or withdrawn (the visitor left, the supporter went away). The
 * history of a ticket's offers is part of its transcript.
 */
export const offers = sqliteTable('offers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ticketId: integer('ticket_id').notNull(),
  supporterId: integer('supporter_id').notNull().references(() => supporters.id),
  /** The wave (1: the ticket's group, 2: its overflow group) and the round within it. */
  wave: integer('wave').notNull().default(1),
  round: integer('round').notNull().default(0),
  outcome: text('outcome', { enum: OFFER_OUTCOMES }).notNull().default('ringing'),
  createdAt: integer('created_at').notNull(),
  /** When it lapses if nobody answers. */
  endsAt: integer('ends_at').notNull(),
  answeredAt: integer('answered_at'),
}, (t) => [
  index('offers_ticket').on(t.ticketId, t.id),
  index('offers_ringing').on(t.supporterId).where(sql`outcome = 'ringing'`),
]);
