import type { Db } from './sql.ts';
import { startThread } from './threads.ts';
import { log } from './log.ts';

/**
 * With the thread running, a commit checkpoints only once the WAL holds this many pages (80 MiB
 * of 4 KiB pages). The WAL starts over only when a checkpoint ends with no commit during it, so
 * under load (about 4,000 pages a second in the zendesk benchmark) it can grow for a few seconds;
 * this backstop is for a thread that fell far behind, never the usual path.
 */
export const BACKSTOP_PAGES = 20_000;

/** A checkpoint the thread finished: when, the WAL's pages, and how many of them are in the database file. */
export interface CheckpointDone { at: number; log: number; checkpointed: number }

/**
 * Moves WAL checkpoints off the event loop: a thread checkpoints every `everyMs`, and the
 * server's own connection stops checkpointing in its commits (but for the backstop). Should the
 * thread fail, commits checkpoint as they did before, so the WAL stays bounded.
 *
 * @example
 * const checkpointer = startCheckpointer(db, 'db/lineup.sqlite'); ...; await checkpointer.close();
 */
export function startCheckpointer(db: Db, file: string, everyMs = 250) {
  if (db.memory) return { close: async () => {}, problem: () => null, last: () => null };
  const before = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const worker = startThread(new URL('./checkpoint-thread.ts', import.meta.url), { file, everyMs });
  worker.unref();
  let stopped: string | null = null;
  let last: CheckpointDone | null = null;
  worker.on('message', (done: CheckpointDone) => { last = done; });
  worker.on('error', (error) => {
    log.error({ err: error }, 'the checkpoint thread failed; commits checkpoint again');
    stopped = 'stopped after an error; commits checkpoint themselves';
    if (db.open) db.pragma(`wal_autocheckpoint = ${before}`);
  });
  let closing = false;
  worker.on('exit', () => { if (!closing) stopped ??= 'stopped; commits checkpoint themselves'; });
  return {
    close: async () => { closing = true; await worker.terminate(); },
    /** What is wrong with the thread, for /healthz, or null. */
    problem: (): string | null => stopped,
    /** The last checkpoint: when, and how many WAL pages it left behind (for /metrics). */
    last: (): CheckpointDone | null => last,
  };
}
