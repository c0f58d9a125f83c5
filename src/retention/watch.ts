import type { Deps } from '../lib/deps.ts';
import { log } from '../lib/log.ts';
import { localDay, teamTimezone } from '../hours/hours.ts';
import { lastPurgeOf, purgeExpired } from './purge.ts';

/**
 * Runs the retention purge once a day (the first check after the team's midnight), never two at
 * once. The server checks every hour; the purge itself yields between batches.
 */
export class RetentionWatch {
  private running = false;
  constructor(private deps: Deps) {}

  /** Whether today's purge is still to run. */
  due(now = this.deps.clock.now()): boolean {
    const last = lastPurgeOf(this.deps.db);
    const zone = teamTimezone(this.deps.db);
    return !last || localDay(last.at, zone) !== localDay(now, zone);
  }

  async check(): Promise<void> {
    if (this.running || !this.due()) return;
    this.running = true;
    try {
      await purgeExpired(this.deps);
    } catch (error) {
      log.error({ err: error }, 'retention: the purge failed; it runs again at the next check');
    } finally {
      this.running = false;
    }
  }
}
