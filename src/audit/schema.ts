import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Who did what to whom, for admins (src/audit/audit.ts): names are kept as they were at the
 * time, so an entry still reads right after a rename or a deletion. Kept a year.
 */
export const auditLog = sqliteTable('audit_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  at: integer('at').notNull(),
  /** The supporter who did it; null: someone not signed in (a failed sign-in) or the command line. */
  actorId: integer('actor_id'),
  actorName: text('actor_name').notNull().default(''),
  action: text('action').notNull(),
  /** Whom or what it was done to, in words ("Bob Builder <bob@example.com>", "opening hours"). */
  target: text('target').notNull().default(''),
  /** A short account of the change ("supporter → admin"); never a password or a message. */
  detail: text('detail').notNull().default(''),
  address: text('address').notNull().default(''),
}, (t) => [index('audit_log_at').on(t.at)]);
