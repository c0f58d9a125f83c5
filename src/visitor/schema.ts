import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { supporters } from '../supporters/schema.ts';

/** A browser that has opened the intake at least once, known by a random key in a long-lived cookie. */
export const visitors = sqliteTable('visitors', {
  key: text('key').primaryKey(),
  firstSeenAt: integer('first_seen_at').notNull(),
});

/** A blocked visitor (by key) or address (by IP): the intake is no longer offered to them. */
export const blocks = sqliteTable('blocks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  visitorKey: text('visitor_key'),
  ip: text('ip'),
  /** The visitor's name when blocked, so the admin list says who it was. */
  label: text('label').notNull().default(''),
  reason: text('reason').notNull().default(''),
  createdBy: integer('created_by').references(() => supporters.id),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('blocks_visitor').on(t.visitorKey), index('blocks_ip').on(t.ip)]);
