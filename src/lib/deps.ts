import type { Config } from '../config.ts';
import type { Hub } from '../realtime/hub.ts';
import type { WithinCommit } from '../realtime/within.ts';
import type { Clock } from './clock.ts';
import type { Db } from './sql.ts';
import type { WalSync } from './wal-sync.ts';

/** What every domain function is handed: storage, time, and where committed events go. */
export interface Deps {
  /** The database connection (see src/lib/sql.ts). */
  db: Db;
  clock: Clock;
  hub: Hub;
  /** What other domains do inside the transaction of an event they follow (src/reactions.ts). */
  within: WithinCommit;
  config: Config;
  /** Awaited before answering a change: what was committed is then on disk. */
  walSync: WalSync;
}
