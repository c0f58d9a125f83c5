import type { Deps } from '../lib/deps.ts';
import { sql } from '../lib/sql.ts';

const pruneBatch = sql('DELETE FROM events WHERE id IN (SELECT id FROM events WHERE created_at < ? ORDER BY id LIMIT +?)');

/** Events a page may still need to replay; older ones only cost disk. A page further behind gets a reset. */
export const EVENT_RETENTION_MS = 3 * 24 * 60 * 60 * 1000;

/** Deletes events older than the retention period, in bounded batches so a request never waits long behind it. */
export function pruneEvents(deps: Deps, batch = 10_000): number {
  const cutoff = deps.clock.now() - EVENT_RETENTION_MS;
  let removed = 0;
  for (;;) {
    const result = pruneBatch.run(deps.db, cutoff, batch);
    removed += result.changes;
    if (result.changes < batch) return removed;
  }
}

