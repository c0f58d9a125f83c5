// Checkpoints the WAL on a thread of its own. A checkpoint copies the WAL into the database file
// and waits for the disk twice; run by a commit on the event loop (SQLite's automatic
// checkpoint), that wait held up every delivery for 50-180 ms.
import { workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, everyMs } = workerData as { file: string; everyMs: number };
const sqlite = new Database(file, { fileMustExist: true });
// Passive: it copies what no reader still needs, and never waits for or blocks a writer.
setInterval(() => sqlite.pragma('wal_checkpoint(PASSIVE)'), everyMs);
