import { sql, type Db } from '../lib/sql.ts';

const indexedUpTo = sql<{ indexedUpTo: number }>('SELECT indexed_up_to FROM search_progress WHERE id = 1');
const nextBatch = sql<{ n: number; upTo: number | null }>('SELECT count(*) AS n, max(id) AS upTo FROM (SELECT id FROM messages WHERE id > ? ORDER BY id LIMIT +?)');
const indexBatch = sql("INSERT INTO messages_fts (rowid, body) SELECT id, body FROM messages WHERE id > ? AND id <= ? AND author != 'system'");
const setIndexedUpTo = sql('UPDATE search_progress SET indexed_up_to = ? WHERE id = 1');

/** Messages indexed per call at most, so one call never holds the event loop for long. */
export const INDEX_BATCH = 5_000;

/**
 * Adds messages written since the last call to the search index, in one transaction (one new
 * index segment for the batch, instead of one per commit). Called every second by the server
 * and before every search, so a search always sees every message committed before it. Message
 * ids grow in commit order (one writer at a time), so nothing is skipped. Returns how many
 * messages it looked at (system lines are never indexed).
 *
 * @example
 * while (indexNewMessages(deps.db) === INDEX_BATCH);
 */
export function indexNewMessages(db: Db, limit = INDEX_BATCH): number {
  return db.transaction(() => {
    const from = indexedUpTo.value(db)!;
    const batch = nextBatch.get(db, from, limit)!;
    if (!batch.upTo) return 0;
    indexBatch.run(db, from, batch.upTo);
    setIndexedUpTo.run(db, batch.upTo);
    return batch.n;
  }).immediate();
}
