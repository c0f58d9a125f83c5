import { sql, type Db } from '../lib/sql.ts';
import { refreshReport } from './recording.ts';

/*
 * Tickets that ended before reports were kept (an upgrade) get their figures once, a batch per
 * turn of the event loop, from where the last run stopped (kept in settings), so a large history
 * is taken in without holding the server. Taking a ticket twice is harmless: refreshReport
 * replaces its figures.
 */

const BATCH = 500;
const progress = sql<{ value: string }>("SELECT value FROM settings WHERE key = 'reports_backfilled_to'");
const saveProgress = sql("INSERT INTO settings (key, value) VALUES ('reports_backfilled_to', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
const endedAfter = sql<{ id: number }>("SELECT id FROM tickets WHERE id > +? AND state IN ('closed', 'abandoned') ORDER BY id LIMIT +?");
const lastTicket = sql('SELECT max(id) FROM tickets');

/** Takes one batch; returns false once every ticket up to the newest at the first run is taken. */
export function backfillBatch(db: Db): boolean {
  const saved = progress.get(db)?.value;
  if (saved === 'done') return false;
  const [after, until] = saved ? saved.split(' ').map(Number) as [number, number] : [0, (lastTicket.value(db) as number | null) ?? 0];
  const ids = endedAfter.values(db, after, BATCH) as number[];
  const batch = ids.filter((id) => id <= until);
  db.transaction(() => {
    for (const id of batch) refreshReport(db, id);
    const done = batch.length < BATCH || batch.at(-1)! >= until;
    saveProgress.run(db, done ? 'done' : `${batch.at(-1)} ${until}`);
  })();
  return batch.length === BATCH && batch.at(-1)! < until;
}

/** Runs the batches one per turn of the event loop until done. */
export function backfillReports(db: Db): void {
  if (backfillBatch(db)) setImmediate(() => backfillReports(db)).unref();
}
