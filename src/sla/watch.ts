import type { Deps } from '../lib/deps.ts';
import { SoonestTimer } from '../lib/soonest-timer.ts';
import { sql, type Db } from '../lib/sql.ts';
import { commit, type Emit } from '../realtime/events.ts';
import { mailBreach } from './alert-mail.ts';

/** Breaches recorded per transaction at most; the rest follow at once after other work. */
export const BREACH_BATCH = 50;

interface Due { id: number; norm: string; groupId: number | null; supporterId: number | null; dueAt: number }
const soonest = sql('SELECT min(sla_due_at) FROM tickets WHERE sla_due_at IS NOT NULL');
const dueNow = sql<Due>(`SELECT id, sla_norm AS norm, group_id AS groupId, supporter_id AS supporterId, sla_due_at AS dueAt
  FROM tickets WHERE sla_due_at <= +? ORDER BY sla_due_at LIMIT +?`);
const insertBreach = sql(`INSERT INTO sla_breaches (ticket_id, norm, group_id, supporter_id, due_at, breached_at)
  VALUES (?, ?, ?, ?, ?, ?) RETURNING id`);
const fired = sql('UPDATE tickets SET sla_due_at = NULL WHERE id = ? AND sla_due_at = ?');

/**
 * Records the breaches whose deadline has passed, the moment the timer fires: the ticket, the
 * norm, its group and holder then; the desk shows the deadline until the norm is met. Returns
 * how many it recorded. An indexed read of the due tickets only.
 */
export function recordDueBreaches(deps: Deps, limit = BREACH_BATCH): number {
  const now = deps.clock.now();
  const due = dueNow.all(deps.db, now, limit);
  if (due.length) {
    commit(deps, (tx, emit) => {
      const recorded = due.filter((d) => record(tx, emit, d, now));
      if (recorded.length) mailBreach(tx, deps.config, now);
    });
  }
  return due.length;
}

function record(tx: Db, emit: Emit, d: Due, now: number): boolean {
  if (fired.run(tx, d.id, d.dueAt).changes === 0) return false;
  const { id } = insertBreach.get(tx, d.id, d.norm, d.groupId, d.supporterId, d.dueAt, now) as { id: number };
  emit({ topic: 'desks', type: 'sla.breached', supporterId: d.supporterId, data: { ticketId: d.id, breachId: id } });
  return true;
}

/**
 * One timer for the team, set to the soonest deadline and never sleeping longer than half a
 * minute: a norm is at least a minute, so a deadline set meanwhile is never missed, and nothing
 * has to tell the timer of each message.
 */
export function watchNorms(deps: Deps): { stop(): void } {
  return new SoonestTimer('recording service norm breaches', () => deps.clock.now(), () => soonest.value(deps.db) as number | null,
    () => recordDueBreaches(deps), BREACH_BATCH);
}
