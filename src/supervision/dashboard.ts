import type { Lang } from '../i18n/index.ts';
import { sql, type Db } from '../lib/sql.ts';
import { dayStartIn, localDay, teamTimezone } from '../hours/hours.ts';
import { groupName, listGroups } from '../groups/groups.ts';
import { offShiftNow } from '../schedules/shifts.ts';
import { todaysTimeline, type Timeline } from './timeline.ts';

/** States a supporter is counted in on the dashboard, in this order. */
export const STATES = ['available', 'busy', 'away', 'break', 'offShift', 'offline'] as const;
export type State = (typeof STATES)[number];
/** Names listed per state at most (the counts are exact). */
const NAMES_SHOWN = 30;

export interface Dashboard {
  groups: Array<{ id: number; name: string; waiting: number; longestSince: number | null }>;
  states: Array<{ state: State; count: number; people: Array<{ name: string; chats: number }> }>;
  chats: number;
  breaches: number;
  complaints: number;
  /** Today's waiting against available, minute by minute. */
  timeline: Timeline;
  today: {
    tickets: number; claimed: number; abandoned: number; offline: number;
    waitAvg: number | null; waitP90: number | null; firstReplyAvg: number | null; firstReplyP90: number | null;
    ratingAvg: number | null; ratings: number;
  };
}

const waitingByGroup = sql<{ groupId: number | null; waiting: number; longestSince: number }>(`SELECT group_id AS groupId, count(*) AS waiting,
  min(created_at) AS longestSince FROM tickets WHERE state = 'waiting' GROUP BY group_id`);
const team = sql<{ id: number; name: string; online: number; place: string; status: string; chats: number }>(`SELECT s.id, s.name, s.online, s.place, s.status,
    (SELECT count(*) FROM tickets t WHERE t.supporter_id = s.id AND t.state = 'claimed') AS chats
  FROM supporters s WHERE s.enabled = 1 AND s.deleted_at IS NULL ORDER BY s.name, s.id LIMIT 5000`);
const chatsNow = sql("SELECT count(*) FROM tickets WHERE state = 'claimed'");
const breachesNow = sql('SELECT count(*) FROM sla_breaches WHERE open = 1');
const complaintsNow = sql("SELECT count(*) FROM complaints WHERE state != 'resolved'");
const createdSince = sql<{ tickets: number; abandoned: number; offline: number }>(`SELECT count(*) FILTER (WHERE offline = 0) AS tickets,
    count(*) FILTER (WHERE abandoned_at IS NOT NULL) AS abandoned, count(*) FILTER (WHERE offline = 1) AS offline
  FROM tickets WHERE created_at >= +? AND created_at < +?`);
const claimedSince = sql<{ wait: number; firstReply: number | null }>(`SELECT claimed_at - created_at AS wait, first_reply_at - claimed_at AS firstReply
  FROM tickets WHERE claimed_at >= +? AND claimed_at < +? LIMIT 100000`);
const ratedSince = sql<{ avg: number | null; n: number }>(`SELECT avg(rating) AS avg, count(rating) AS n FROM tickets
  WHERE closed_at >= +? AND closed_at < +? AND rating IS NOT NULL`);

/** The value at a percentile of sorted numbers (nearest rank), or null for none. */
function percentile(sorted: number[], p: number): number | null {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : null;
}
const average = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

/** The team now, and today's totals (the team's local day), for supervisors and admins. */
export function dashboard(db: Db, now: number, lang: Lang): Dashboard {
  const waiting = new Map(waitingByGroup.all(db).map((row) => [row.groupId, row]));
  const groups = listGroups(db).filter((g) => g.kind !== 'overflow' || waiting.has(g.id))
    .map((g) => ({ id: g.id, name: groupName(g, lang), waiting: waiting.get(g.id)?.waiting ?? 0, longestSince: waiting.get(g.id)?.longestSince ?? null }));
  const offShift = offShiftNow(db, now);
  const states = new Map<State, Array<{ name: string; chats: number }>>(STATES.map((s) => [s, []]));
  for (const s of team.all(db)) {
    const state: State = !s.online || s.place === 'gone' ? 'offline' : s.status === 'break' ? 'break' : s.status === 'away' ? 'away'
      : offShift.has(s.id) ? 'offShift' : s.chats > 0 ? 'busy' : 'available';
    states.get(state)!.push({ name: s.name, chats: s.chats });
  }
  const zone = teamTimezone(db);
  const from = dayStartIn(localDay(now, zone), zone);
  const until = now + 1;
  const created = createdSince.get(db, from, until)!;
  const claims = claimedSince.all(db, from, until);
  const waits = claims.map((c) => c.wait).sort((a, b) => a - b);
  const replies = claims.map((c) => c.firstReply).filter((v): v is number => v !== null).sort((a, b) => a - b);
  const rated = ratedSince.get(db, from, until)!;
  return {
    groups,
    states: STATES.map((state) => ({ state, count: states.get(state)!.length, people: states.get(state)!.slice(0, NAMES_SHOWN) })),
    chats: chatsNow.value(db) as number,
    breaches: breachesNow.value(db) as number,
    complaints: complaintsNow.value(db) as number,
    timeline: todaysTimeline(db, now),
    today: {
      tickets: created.tickets, claimed: claims.length, abandoned: created.abandoned, offline: created.offline,
      waitAvg: average(waits), waitP90: percentile(waits, 90), firstReplyAvg: average(replies), firstReplyP90: percentile(replies, 90),
      ratingAvg: rated.avg, ratings: rated.n,
    },
  };
}
