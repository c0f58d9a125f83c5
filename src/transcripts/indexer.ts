import type Database from 'better-sqlite3';
import { statement } from '../lib/statements.ts';

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
 * while (indexNewMessages(sqlite) === INDEX_BATCH);
 */
export function indexNewMessages(sqlite: Database.Database, limit = INDEX_BATCH): number {
  return sqlite.transaction(() => {
    const from = statement(sqlite, 'SELECT indexed_up_to FROM search_progress WHERE id = 1').pluck().get() as number;
    const batch = statement(sqlite, 'SELECT count(*) AS n, max(id) AS upTo FROM (SELECT id FROM messages WHERE id > ? ORDER BY id LIMIT +?)')
      .get(from, limit) as { n: number; upTo: number | null };
    if (!batch.upTo) return 0;
    statement(sqlite, "INSERT INTO messages_fts (rowid, body) SELECT id, body FROM messages WHERE id > ? AND id <= ? AND author != 'system'")
      .run(from, batch.upTo);
    statement(sqlite, 'UPDATE search_progress SET indexed_up_to = ? WHERE id = 1').run(batch.upTo);
    return batch.n;
  }).immediate();
}
