import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const NORMS = ['claim', 'first_reply', 'reply'] as const;
export type Norm = (typeof NORMS)[number];

/**
 * A service norm broken: recorded the moment its time ran out (by a timer, src/sla/watch.ts), with
 * the group and the holder then; `metAt` is when it was finally met (late by metAt - dueAt).
 */
export const slaBreaches = sqliteTable('sla_breaches', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ticketId: integer('ticket_id').notNull(),
  norm: text('norm', { enum: NORMS }).notNull(),
  groupId: integer('group_id'),
  supporterId: integer('supporter_id'),
  dueAt: integer('due_at').notNull(),
  breachedAt: integer('breached_at').notNull(),
  metAt: integer('met_at'),
  /** Shown to supervisors until met, or until its ticket closed or left the line. */
  open: integer('open', { mode: 'boolean' }).notNull().default(true),
}, (t) => [
  index('sla_breaches_ticket').on(t.ticketId, t.norm),
  index('sla_breaches_time').on(t.breachedAt),
  index('sla_breaches_open').on(t.id).where(sql`open = 1`),
]);

/** Each supervisor's alert mail being gathered (src/sla/alert-mail.ts): its outbox row, since when it lists, when it goes out. */
export const slaAlertMails = sqliteTable('sla_alert_mails', {
  supporterId: integer('supporter_id').primaryKey(),
  outboxId: integer('outbox_id').notNull(),
  since: integer('since').notNull(),
  sendAt: integer('send_at').notNull(),
});
