import { sql, type Db } from '../lib/sql.ts';
import { localDay, teamTimezone } from '../hours/hours.ts';
import { replyDelays } from './reply-times.ts';

/*
 * A ticket's figures for reports, taken in the change that ends it (closed, left the line,
 * abandoned, an offline message) and taken again when something about it changes afterwards (a
 * rating, a complaint, an abandoned visitor coming back): the old figures leave the day tables
 * and the new ones go in, so the tables always equal the sum of the facts. See day-tables.ts.
 */

export type Outcome = 'closed' | 'left' | 'abandoned' | 'offline';

export interface Fact {
  ticketId: number; day: string; createdAt: number; endedAt: number; outcome: Outcome;
  groupId: number; siteId: number; language: string; topicId: number;
  supporterId: number; supporters: string;
  waitS: number | null; firstReplyS: number | null; durationS: number | null;
  replyN: number; replySumS: number; replyMaxS: number | null;
  rating: number | null; commented: number; transfers: number;
  breachClaim: number; breachFirstReply: number; breachReply: number; complaints: number;
}

interface TicketRow {
  id: number; createdAt: number; state: string; offline: number; closedAt: number | null; abandonedAt: number | null;
  supporterId: number | null; firstClaimedAt: number | null; firstReplyAt: number | null;
  groupId: number | null; siteId: number | null; language: string | null; topicId: number | null; rating: number | null; commented: number;
  complaints: number; breachClaim: number; breachFirstReply: number; breachReply: number;
}
const ticketRow = sql<TicketRow>(`SELECT t.id, t.created_at AS createdAt, t.state, t.offline, t.closed_at AS closedAt, t.abandoned_at AS abandonedAt,
    t.supporter_id AS supporterId, t.first_claimed_at AS firstClaimedAt, t.first_reply_at AS firstReplyAt,
    t.group_id AS groupId, t.site_id AS siteId, t.visitor_language AS language, t.topic_id AS topicId, t.rating,
    coalesce(t.rating_comment, '') != '' AS commented,
    (SELECT count(*) FROM complaints c WHERE c.ticket_id = t.id) AS complaints,
    (SELECT count(*) FROM sla_breaches b WHERE b.ticket_id = t.id AND b.norm = 'claim') AS breachClaim,
    (SELECT count(*) FROM sla_breaches b WHERE b.ticket_id = t.id AND b.norm = 'first_reply') AS breachFirstReply,
    (SELECT count(*) FROM sla_breaches b WHERE b.ticket_id = t.id AND b.norm = 'reply') AS breachReply
  FROM tickets t WHERE t.id = +?`);
/** The conversation's lines that tell its reply times, its supporters and its hand-overs (bounded: a very long chat counts its first lines). */
const lines = sql<{ author: string; supporterId: number | null; createdAt: number; systemText: string | null }>(`SELECT author,
    supporter_id AS supporterId, created_at AS createdAt, system_text AS systemText
  FROM messages WHERE ticket_id = +? AND author IN ('visitor', 'supporter', 'system') ORDER BY id LIMIT 20000`);

/** Hand-overs, as the conversation records them: accepted from a colleague, or passed to a group. */
const HANDOVER_KEYS = ['"system.handed"', '"system.passedToGroup"'];

const seconds = (ms: number) => Math.max(0, Math.floor(ms / 1000));

function outcomeOf(t: TicketRow): { outcome: Outcome; endedAt: number } | null {
  if (t.state === 'abandoned') return { outcome: 'abandoned', endedAt: t.abandonedAt ?? t.createdAt };
  if (t.state !== 'closed') return null;
  const endedAt = t.closedAt ?? t.createdAt;
  if (t.offline) return { outcome: 'offline', endedAt };
  return { outcome: t.supporterId === null ? 'left' : 'closed', endedAt };
}

/** The figures of a ticket that has ended, or null while it is still open (waiting or claimed). */
export function factOf(db: Db, ticketId: number): Fact | null {
  const t = ticketRow.get(db, ticketId);
  if (!t) return null;
  const ended = outcomeOf(t);
  if (!ended) return null;
  const conversation = t.firstClaimedAt === null ? [] : lines.all(db, ticketId);
  const delays = t.firstClaimedAt === null ? [] : replyDelays(conversation, t.firstClaimedAt);
  const transfers = conversation.filter((line) => line.author === 'system' && HANDOVER_KEYS.some((key) => line.systemText?.includes(`"key":${key}`))).length;
  const supporters: number[] = [];
  for (const line of conversation) {
    if (line.author === 'supporter' && line.supporterId !== null && !supporters.includes(line.supporterId)) supporters.push(line.supporterId);
  }
  if (t.supporterId !== null && !supporters.includes(t.supporterId)) supporters.push(t.supporterId);
  return {
    ticketId, day: localDay(t.createdAt, teamTimezone(db)), createdAt: t.createdAt, endedAt: ended.endedAt, outcome: ended.outcome,
    groupId: t.groupId ?? 0, siteId: t.siteId ?? 0, language: t.language ?? '', topicId: t.topicId ?? 0,
    supporterId: t.supporterId ?? 0, supporters: supporters.join(' '),
    waitS: t.firstClaimedAt === null ? null : seconds(t.firstClaimedAt - t.createdAt),
    firstReplyS: t.firstClaimedAt === null || t.firstReplyAt === null ? null : seconds(t.firstReplyAt - t.firstClaimedAt),
    durationS: t.firstClaimedAt === null ? null : seconds(ended.endedAt - t.firstClaimedAt),
    replyN: delays.length, replySumS: delays.reduce((sum, d) => sum + d.seconds, 0),
    replyMaxS: delays.length ? Math.max(...delays.map((d) => d.seconds)) : null,
    rating: t.rating, commented: t.rating === null ? 0 : t.commented, transfers,
    breachClaim: t.breachClaim, breachFirstReply: t.breachFirstReply, breachReply: t.breachReply, complaints: t.complaints,
  };
}

const COLUMNS = ['ticket_id', 'day', 'created_at', 'ended_at', 'outcome', 'group_id', 'site_id', 'language', 'topic_id', 'supporter_id', 'supporters',
  'wait_s', 'first_reply_s', 'duration_s', 'reply_n', 'reply_sum_s', 'reply_max_s', 'rating', 'commented', 'transfers',
  'breach_claim', 'breach_first_reply', 'breach_reply', 'complaints'] as const;
const FIELDS = COLUMNS.map((c) => c.replace(/_(\w)/g, (_, l: string) => l.toUpperCase())) as Array<keyof Fact>;

const storedFact = sql<Fact>(`SELECT ${COLUMNS.map((c, i) => `${c} AS ${FIELDS[i]}`).join(', ')} FROM report_facts WHERE ticket_id = ?`);
const saveFact = sql(`INSERT OR REPLACE INTO report_facts (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map((c, i) => `@${FIELDS[i]}`).join(', ')})`);
const dropFact = sql('DELETE FROM report_facts WHERE ticket_id = ?');

/** The figures a report has for a ticket now (null if none). */
export function storedFactOf(db: Db, ticketId: number): Fact | null {
  return storedFact.get(db, ticketId) ?? null;
}

/** Writes (or removes) a ticket's stored figures; the caller moves the day tables. */
export function storeFact(db: Db, ticketId: number, fact: Fact | null): void {
  if (fact) saveFact.run(db, fact);
  else dropFact.run(db, ticketId);
}
