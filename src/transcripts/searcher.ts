import type { Worker } from 'node:worker_threads';
import { Unavailable } from '../lib/errors.ts';
import { startThread } from '../lib/threads.ts';
import { Text } from '../i18n/index.ts';
import type { SearchRequest } from './search-thread.ts';
import type { SearchFilters, SearchResult } from './search.ts';
import { log } from '../lib/log.ts';

/** A search that has not answered by then is given up (the thread is replaced), never waited on forever. */
const SEARCH_TIMEOUT_MS = 10_000;

/**
 * Transcript search on its own thread. Searches queue there one at a time; the event loop that
 * delivers messages only waits for the answer.
 *
 * @example
 * const searcher = new Searcher('db/lineup.sqlite'); const result = await searcher.search('refund', 0);
 */
export class Searcher {
  private worker: Worker | null = null;
  private nextId = 0;
  private waiting = new Map<number, { resolve(r: SearchResult): void; reject(e: Error): void; timer: NodeJS.Timeout }>();

  /** Since when the thread has failed without answering a search since (null: it is well). */
  private failedSince: number | null = null;

  constructor(private file: string) {}

  /** What is wrong with the search thread, for /healthz, or null. */
  problem(): string | null {
    return this.failedSince === null ? null : `failed at ${new Date(this.failedSince).toISOString()} and has not answered since`;
  }

  search(q: string, page: number, filters: SearchFilters = {}): Promise<SearchResult> {
    let worker: Worker;
    try {
      worker = this.start();
    } catch (error) {
      this.failedSince ??= Date.now();
      log.error({ err: error }, 'the search thread could not start');
      return Promise.reject(new Unavailable(new Text('admin.transcripts.unavailable')));
    }
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Unavailable(new Text('admin.transcripts.tooSlow')));
        this.restart();
      }, SEARCH_TIMEOUT_MS);
      this.waiting.set(id, { resolve, reject, timer });
      worker.postMessage({ id, q, page, filters } satisfies SearchRequest);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startThread(new URL('./search-thread.ts', import.meta.url), { file: this.file });
    worker.unref();
    worker.on('message', ({ id, result, error }: { id: number; result?: SearchResult; error?: string }) => {
      const call = this.waiting.get(id);
      if (!call) return;
      this.waiting.delete(id);
      clearTimeout(call.timer);
      if (error !== undefined) call.reject(new Unavailable(new Text('admin.transcripts.failed')));
      else { this.failedSince = null; call.resolve(result!); }
    });
    worker.on('error', (error) => {
      log.error({ err: error }, 'the search thread failed');
      this.failedSince ??= Date.now();
      this.failAll(new Unavailable(new Text('admin.transcripts.unavailable')));
      this.worker = null;
    });
    this.worker = worker;
    return worker;
  }

  private restart() {
    void this.worker?.terminate();
    this.worker = null;
    this.failAll(new Unavailable(new Text('admin.transcripts.restarted')));
  }

  private failAll(error: Unavailable) {
    for (const [id, call] of this.waiting) {
      clearTimeout(call.timer);
      call.reject(error);
      this.waiting.delete(id);
    }
  }
}
