// Entry of a thread run from source. Node 20 does not pass the main thread's TypeScript loader on
// to worker threads, so the thread registers it itself before loading its TypeScript module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
