import { Worker } from 'node:worker_threads';
import { BUNDLED } from './paths.ts';

/**
 * Starts a worker thread running `source` (a module beside its caller, e.g. `search-thread.ts`).
 * From the bundle `npm start` runs, the thread's module is bundled beside the server as
 * `<name>.mjs`; from source, ts-thread.mjs loads the TypeScript module.
 */
export function startThread(source: URL, workerData: Record<string, unknown>): Worker {
  const name = source.pathname.split('/').pop()!.replace(/\.ts$/, '');
  const entry = BUNDLED ? new URL(`./${name}.mjs`, import.meta.url) : new URL('./ts-thread.mjs', import.meta.url);
  // No inherited flags: a worker refuses some V8 options the main process may run with.
  return new Worker(entry, { workerData: { ...workerData, entry: source.href }, execArgv: [] });
}
