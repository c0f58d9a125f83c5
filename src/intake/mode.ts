import type { Deps } from '../lib/deps.ts';
import { sql } from '../lib/sql.ts';
import { loadHours, openingState } from '../hours/hours.ts';
import type { Text } from '../i18n/index.ts';
import { commit } from '../realtime/events.ts';

const supporterCountsRow = sql(`SELECT count(*) AS online, coalesce(sum(status = 'available'), 0) AS available
    FROM supporters WHERE place = 'desk' AND enabled = 1`);

export interface IntakeMode {
  /** Live: the visitor joins the line. Otherwise the intake is an offline form ("Leave a message"). */
  live: boolean;
  /** Outside opening hours (a soft close: chats already running go on). */
  closed: boolean;
  /** When the team is back, in the site's time zone ("Monday at 09:00"), when closed: said in the reader's language. */
  reopens: Text | null;
  timezone: string;
  online: number;
  available: number;
}

/** Supporters who can take a chat now: enabled, desk open, status available. */
function supporterCounts(deps: Deps): { online: number; available: number } {
  return supporterCountsRow.get(deps.db) as { online: number; available: number };
}

/** What the intake offers right now: the live line, or an offline form when closed or nobody is available. */
export function intakeMode(deps: Deps): IntakeMode {
  const hours = loadHours(deps.db);
  const state = openingState(hours, deps.clock.now());
  const counts = supporterCounts(deps);
  const staffed = counts.available > 0 || deps.config.whenNobody === 'line';
  return { live: state.open && staffed, closed: !state.open, reopens: state.back, timezone: hours.timezone, ...counts };
}

/**
 * Opening and closing happen with the clock, not with a change anyone makes: checked every
 * half minute, a change is announced so open intake pages switch between live and offline.
 */
export class HoursWatch {
  private open: boolean | null = null;

  constructor(private deps: Deps) {}

  check(): void {
    const open = openingState(loadHours(this.deps.db), this.deps.clock.now()).open;
    if (this.open !== null && open !== this.open) commit(this.deps, (_tx, emit) => emit({ topic: 'team', type: 'hours.changed' }));
    this.open = open;
  }
}
