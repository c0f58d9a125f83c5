import type { Deps } from '../lib/deps.ts';
import { SoonestTimer } from '../lib/soonest-timer.ts';
import { sql } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';
import { routeTicket } from './routing.ts';

/**
 * Tickets routed per transaction: a long write would hold up messages being sent meanwhile.
 * Choosing among 1,300 members of one group takes about 2-3 ms, so five keep a batch near 15 ms.
 */
export const ROUTE_BATCH = 5;

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
  private timer: SoonestTimer;
  private unsubscribe: () => void;

  constructor(deps: Deps) {
    this.timer = new SoonestTimer('routing waiting tickets', () => deps.clock.now(), () => soonest.value(deps.db) as number | null, () => routeDue(deps), ROUTE_BATCH);
    this.unsubscribe = deps.hub.subscribe({ topics: ['line'], deliver: () => this.timer.wake() });
  }

  stop(): void {
    this.unsubscribe();
    this.timer.stop();
  }
}
