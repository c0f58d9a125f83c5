import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { sql } from '../lib/sql.ts';
import { Text } from '../i18n/index.ts';
import type { Site } from './sites.ts';

const inviteStats = sql<InviteDay>('SELECT day, shown, accepted, declined FROM invite_stats WHERE site_id = +? AND day >= +? ORDER BY day DESC');

export const INVITE_EVENTS = ['shown', 'accepted', 'declined'] as const;
export type InviteEvent = typeof INVITE_EVENTS[number];

/** One statement per event's column (a column name cannot be a parameter). */
const countOne = Object.fromEntries(INVITE_EVENTS.map((column) => [column, sql(`INSERT INTO invite_stats (site_id, day, ${column}) VALUES (?, ?, 1)
    ON CONFLICT (site_id, day) DO UPDATE SET ${column} = ${column} + 1`)])) as Record<InviteEvent, ReturnType<typeof sql>>;

/** How many invitation events one address may report per site and hour: a page reports at most three. */
export const INVITE_REPORTS_PER_HOUR = 30;
const HOUR = 3600_000;

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Counts one invitation event for a site and today (UTC). The counts are anonymous figures;
 * the limiter only keeps one page (or one script) from inflating them.
 *
 * @example
 * countInvite(deps, site, 'declined')
 */
export function countInvite(deps: Deps, site: Site, event: string | undefined): void {
  if (!INVITE_EVENTS.includes(event as InviteEvent)) throw new Invalid(new Text('admin.widget.unknownEvent'));
  const column = event as InviteEvent;
  countOne[column].run(deps.db, site.id, day(deps.clock.now()));
}

export interface InviteDay { day: string; shown: number; accepted: number; declined: number }

/** How many days of invitation counts a site's page shows. */
export const INVITE_STATS_DAYS = 14;

/** A site's counts for the last `days` days (newest first); days without any are left out. */
export function recentInviteStats(deps: Deps, siteId: number, days = INVITE_STATS_DAYS): InviteDay[] {
  const since = day(deps.clock.now() - (days - 1) * 24 * HOUR);
  return inviteStats.all(deps.db, siteId, since);
}
