import { log } from './log.ts';

/** The timer never sleeps longer than this (a clock that jumps, a change made by another process). */
const MAX_SLEEP_MS = 30_000;
const FAILED_RETRY_MS = 5_000;

/**
 * One timer for work that comes due at known times (offers to ring, norms to check): it sleeps
 * until `soonest()` says the next thing is due, then `run()` does what is due and says how much;
 * a full `batch` goes on at once, after whatever else waits on the event loop. `wake()` after a
 * change that may be due sooner. A failing run is logged and tried again a little later, never in
 * a loop that would hold the server.
 */
export class SoonestTimer {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(private what: string, private now: () => number, private soonest: () => number | null, private run: () => number, private batch: number) {
    this.wake();
  }

  wake(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const due = this.soonest();
    this.sleep(due === null ? MAX_SLEEP_MS : Math.min(MAX_SLEEP_MS, Math.max(0, due - this.now())));
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private sleep(ms: number): void {
    this.timer = setTimeout(() => this.fire(), ms);
    this.timer.unref();
  }

  private fire(): void {
    this.timer = null;
    let done = 0;
    try {
      done = this.run();
    } catch (error) {
      log.error({ err: error }, `${this.what} failed`);
      this.sleep(FAILED_RETRY_MS);
      return;
    }
    if (done === this.batch) setImmediate(() => { if (!this.stopped && !this.timer) this.fire(); });
    else this.wake();
  }
}
