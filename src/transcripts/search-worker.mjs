// Entry of the search thread. Node 20 does not pass the main thread's TypeScript loader on to
// worker threads, so the thread registers it itself before loading the TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./search-thread.ts');
