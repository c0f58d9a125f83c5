// Checkpoints the WAL on a thread of its own. A checkpoint copies the WAL into the database file
// and waits for the disk twice; run by a commit on the event loop (SQLite's automatic
// checkpoint), that wait held up every delivery for 50-180 ms.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { log } from './log.ts';

const { file, everyMs } = workerData as { file: string; everyMs: number };
const sqlite = new Database(file, { fileMustExist: true });
sqlite.pragma('busy_timeout = 1000');
// A checkpoint syncs the WAL before copying it and the database file after (never with OFF).
sqlite.pragma('synchronous = NORMAL');

let failing = false;
setInterval(() => {
  try {
    // Passive: it copies what no reader still needs, and never waits for or blocks a writer.
    const [done] = sqlite.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>;
    failing = false;
    // For /metrics: how far the WAL is ahead of the database file after this checkpoint.
    parentPort?.postMessage({ at: Date.now(), log: done?.log ?? 0, checkpointed: done?.checkpointed ?? 0 });
  } catch (error) {
    // Until the next one succeeds, the server's backstop keeps the WAL bounded.
    if (!failing) log.error({ err: error }, 'a checkpoint failed; the next one tries again');
    failing = true;
  }
}, everyMs);
