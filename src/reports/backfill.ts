import { sql, type Db } from '../lib/sql.ts';
import { refreshReport } from './recording.ts';

/*
 * Tickets that ended before reports were kept (an upgrade) get their figures once, from where the
 * last run stopped (kept in settings), a few milliseconds of work at a time with pauses between,
 * so a large history is taken in while the server goes on delivering messages. Taking a ticket
 * twice is harmless: refreshReport replaces its figures.
 */

const BATCH = 500;
/** Work per turn, then a pause: about a third of one core until done (a million tickets in about ten minutes). */
const SLICE_MS = 4;
const PAUSE_MS = 10;
const progress = sql<{ value: string }>("SELECT value FROM settings WHERE key = 'reports_backfilled_to'");
const saveProgress = sql("INSERT INTO settings (key, value) VALUES ('reports_backfilled_to', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
const endedAfter = sql<{ id: number }>("SELECT id FROM tickets WHERE id > +? AND state IN ('closed', 'abandoned') ORDER BY id LIMIT +?");
const lastTicket = sql('SELECT max(id) FROM tickets');

/** Takes tickets for at most `sliceMs`; returns false once every ticket up to the newest at the first run is taken. */
export function backfillBatch(db: Db, sliceMs = Infinity): boolean {
  const saved = progress.get(db)?.value;
  if (saved === 'done') return false;
  const [after, until] = saved ? saved.split(' ').map(Number) as [number, number] : [0, (lastTicket.value(db) as number | null) ?? 0];
  const ids = (endedAfter.values(db, after, BATCH) as number[]).filter((id) => id <= until);
  const started = performance.now();
  let last = after;
  let finished = false;
  db.transaction(() => {
    for (const id of ids) {
      refreshReport(db, id);
      last = id;
      if (performance.now() - started >= sliceMs) break;
    }
    finished = (last === (ids.at(-1) ?? after) && ids.length < BATCH) || last >= until;
    saveProgress.run(db, finished ? 'done' : `${last} ${until}`);
  })();
  return !finished;
}

/** Runs slices with pauses between until done. */
export function backfillReports(db: Db): void {
  if (backfillBatch(db, SLICE_MS)) setTimeout(() => backfillReports(db), PAUSE_MS).unref();
}
