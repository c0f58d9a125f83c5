import fs from 'node:fs/promises';
import path from 'node:path';
import type { Deps } from '../lib/deps.ts';
import { log } from '../lib/log.ts';
import { sql, sqlOfShape, type Db } from '../lib/sql.ts';
import { retention, retentionCutoff } from './settings.ts';

/*
 * Removing conversations completely: the ticket, its messages (and so their search index rows,
 * by the trigger of migration 0011), files (rows, then the bytes on disk), events, mails, links,
 * hand-overs, offers, breaches, complaints and the ticket's report row. The reports' day and month
 * tables are sums without a ticket or a visitor in them, so they stay.
 */

/** The tables that name a ticket, in the order they are emptied (the ticket itself last). */
const BY_TICKET = ['attachments', 'messages', 'events', 'mail_outbox', 'ticket_links', 'transfers', 'ticket_helpers', 'offers',
  'sla_breaches', 'complaints', 'report_facts'] as const;

/** Tickets removed per transaction: each is a few dozen rows, so a batch holds the database for milliseconds. */
export const PURGE_BATCH = 200;

const endedBefore = sql<{ id: number }>(`SELECT id FROM tickets WHERE closed_at < +? AND state = 'closed'
  UNION SELECT id FROM tickets WHERE abandoned_at < +? AND state = 'abandoned' LIMIT +?`);
const lastPurge = sql("SELECT value FROM settings WHERE key = 'retention_last'");
const saveLastPurge = sql("INSERT INTO settings (key, value) VALUES ('retention_last', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
const oldMail = sql("DELETE FROM mail_outbox WHERE created_at < ? AND state != 'queued'");

/**
 * Removes these tickets and everything about them in one transaction, then their files from
 * disk. Returns how many tickets went. The caller makes sure none is still open.
 */
export async function removeTickets(deps: Deps, ids: number[]): Promise<number> {
  if (!ids.length) return 0;
  const list = ids.map(() => '?').join(', ');
  const files = deps.db.transaction(() => {
    const stored = sqlOfShape<{ storedName: string }>(deps.db, `SELECT stored_name AS storedName FROM attachments WHERE ticket_id IN (${list})`).all(deps.db, ...ids);
    for (const table of BY_TICKET) sqlOfShape(deps.db, `DELETE FROM ${table} WHERE ticket_id IN (${list})`).run(deps.db, ...ids);
    sqlOfShape(deps.db, `DELETE FROM tickets WHERE id IN (${list})`).run(deps.db, ...ids);
    return stored.map((f) => f.storedName);
  })();
  let failed = 0;
  for (const name of files) await fs.rm(path.join(deps.config.filesDir, name), { force: true }).catch(() => { failed++; });
  if (failed) log.error({ failed }, 'retention: files could not be removed from disk');
  return ids.length;
}

/** Removes, a batch at a time, every conversation that ended before the team's retention; returns how many. */
export async function purgeExpired(deps: Deps, now = deps.clock.now()): Promise<number> {
  const cutoff = retentionCutoff(retention(deps.db), now);
  let removed = 0;
  if (cutoff === null) {
    saveLastPurge.run(deps.db, JSON.stringify({ at: now, removed }));
    return 0;
  }
  for (;;) {
    const ids = endedBefore.values(deps.db, cutoff, cutoff, PURGE_BATCH) as number[];
    removed += await removeTickets(deps, ids);
    if (ids.length < PURGE_BATCH) break;
    // Between batches, the server goes on with everything else.
    await new Promise((resolve) => setImmediate(resolve));
  }
  // Mails about no ticket (norm alerts, sign-in links) age out the same way.
  oldMail.run(deps.db, cutoff);
  saveLastPurge.run(deps.db, JSON.stringify({ at: now, removed }));
  if (removed) log.info({ removed }, 'retention: old conversations removed');
  return removed;
}

/** When the purge last ran and how many it removed, for the admin page. */
export function lastPurgeOf(db: Db): { at: number; removed: number } | null {
  const raw = lastPurge.value(db) as string | undefined;
  return raw ? (JSON.parse(raw) as { at: number; removed: number }) : null;
}
