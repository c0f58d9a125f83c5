// Runs transcript searches on a thread of their own, over a read-only connection (WAL lets it
// read while the server writes), so a slow search never holds up a message.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { recentTranscripts, searchTranscripts, type SearchFilters } from './search.ts';

export interface SearchRequest { id: number; q: string; page: number; filters: SearchFilters }

const db = new Database((workerData as { file: string }).file, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');

parentPort!.on('message', ({ id, q, page, filters }: SearchRequest) => {
  try {
    const result = q.trim() ? searchTranscripts(db, q, page, filters) : recentTranscripts(db, page, filters);
    parentPort!.postMessage({ id, result });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message });
  }
});
