import type { Deps } from '../lib/deps.ts';
import { log } from '../lib/log.ts';
import { sql } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';
import { routeTicket } from './routing.ts';

/** Tickets routed per transaction: a long write would hold up messages being sent meanwhile. */
export const ROUTE_BATCH = 20;
/** The timer never sleeps longer than this (a clock that jumps, a change by another process). */
const MAX_SLEEP_MS = 30_000;
const FAILED_RETRY_MS = 5_000;

const soonest = sql('SELECT min(next_offer_at) FROM tickets WHERE next_offer_at IS NOT NULL');
const dueNow = sql('SELECT id FROM tickets WHERE next_offer_at <= +? ORDER BY next_offer_at LIMIT +?');

/**
 * Routes the tickets that something is due for (see routing.ts), soonest first, in batches; returns
 * how many it looked at. An indexed read of those tickets only: never a scan of the line.
 */
export function routeDue(deps: Deps, limit = ROUTE_BATCH): number {
  const now = deps.clock.now();
  const ids = dueNow.values(deps.db, now, limit) as number[];
  if (ids.length) commit(deps, (tx, emit) => { for (const id of ids) routeTicket(tx, emit, id, now); });
  return ids.length;
}

/**
 * Wakes when the soonest ticket is due, and again whenever the line changes (a new ticket's
 * first offer may be due sooner than anything before). One timer for the whole team.
 */
export class Offerer {
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private unsubscribe: () => void;

  constructor(private deps: Deps) {
    this.unsubscribe = deps.hub.subscribe({ topics: ['line'], deliver: () => this.schedule() });
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    const due = soonest.value(this.deps.db) as number | null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (due === null) return;
    const wait = Math.min(MAX_SLEEP_MS, Math.max(0, due - this.deps.clock.now()));
    this.timer = setTimeout(() => this.run(), wait);
    this.timer.unref();
  }

  private run(): void {
    this.timer = null;
    let routed = 0;
    try {
      routed = routeDue(this.deps);
    } catch (error) {
      // Tried again a little later, not in a loop that would hold the server.
      log.error({ err: error }, 'routing waiting tickets failed');
      this.timer = setTimeout(() => this.run(), FAILED_RETRY_MS);
      this.timer.unref();
      return;
    }
    // A full batch: the rest next, after whatever else waits on the event loop.
    if (routed === ROUTE_BATCH) setImmediate(() => this.run());
    else this.schedule();
  }
}
