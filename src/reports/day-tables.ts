import { sql, type Db } from '../lib/sql.ts';
import type { Fact } from './facts.ts';
import { adjust } from './histogram.ts';

/**
 * The day tables' columns: each a sum over the tickets of its day and key, so one ticket's
 * figures can be added or taken away (a rating given after the close moves its day's row).
 */
export const SUMS = ['tickets', 'claimed', 'closed', 'abandoned', 'left_line', 'offline', 'transfers', 'wait_n', 'wait_sum',
  'first_reply_n', 'first_reply_sum', 'reply_n', 'reply_sum', 'duration_n', 'duration_sum', 'rating_n', 'rating_sum',
  'rating_1', 'rating_2', 'rating_3', 'rating_4', 'rating_5', 'breach_claim', 'breach_first_reply', 'breach_reply', 'complaints'] as const;
export type SumColumn = (typeof SUMS)[number];

/** What one ticket adds to its day's sums. */
function sumsOf(f: Fact): Record<SumColumn, number> {
  const has = (v: number | null) => (v === null ? 0 : 1);
  const rated = (n: number) => (f.rating === n ? 1 : 0);
  return {
    tickets: f.outcome === 'offline' ? 0 : 1, claimed: has(f.waitS), closed: f.outcome === 'closed' ? 1 : 0,
    abandoned: f.outcome === 'abandoned' ? 1 : 0, left_line: f.outcome === 'left' ? 1 : 0, offline: f.outcome === 'offline' ? 1 : 0,
    transfers: f.transfers, wait_n: has(f.waitS), wait_sum: f.waitS ?? 0, first_reply_n: has(f.firstReplyS), first_reply_sum: f.firstReplyS ?? 0,
    reply_n: f.replyN, reply_sum: f.replySumS, duration_n: has(f.durationS), duration_sum: f.durationS ?? 0,
    rating_n: has(f.rating), rating_sum: f.rating ?? 0, rating_1: rated(1), rating_2: rated(2), rating_3: rated(3), rating_4: rated(4), rating_5: rated(5),
    breach_claim: f.breachClaim, breach_first_reply: f.breachFirstReply, breach_reply: f.breachReply, complaints: f.complaints,
  };
}

interface Table { name: string; keys: string[]; keyOf: (f: Fact) => unknown[] }
const TEAM = ['day', 'group_id', 'site_id', 'language', 'topic_id'];
const team = (day: string, f: Fact) => [day, f.groupId, f.siteId, f.language, f.topicId];
/** A ticket counts on its day's rows and its month's ('YYYY-MM'), for the team and for its last holder. */
const TABLES: Table[] = [
  { name: 'report_team_days', keys: TEAM, keyOf: (f) => team(f.day, f) },
  { name: 'report_team_months', keys: TEAM, keyOf: (f) => team(f.day.slice(0, 7), f) },
  { name: 'report_supporter_days', keys: ['supporter_id', ...TEAM], keyOf: (f) => [f.supporterId, ...team(f.day, f)] },
  { name: 'report_supporter_months', keys: ['supporter_id', ...TEAM], keyOf: (f) => [f.supporterId, ...team(f.day.slice(0, 7), f)] },
];

const statements = (t: Table) => ({
  read: sql<Record<string, number | Buffer | null>>(`SELECT ${[...SUMS, 'hists'].join(', ')} FROM ${t.name} WHERE ${t.keys.map((k) => `${k} = ?`).join(' AND ')}`),
  write: sql(`INSERT OR REPLACE INTO ${t.name} (${[...t.keys, ...SUMS, 'hists'].join(', ')})
    VALUES (${[...t.keys, ...SUMS, 'hists'].map(() => '?').join(', ')})`),
});
const compiled = TABLES.map((t) => ({ table: t, ...statements(t) }));

/** Adds a ticket's figures to its day rows (sign 1), or takes them away (-1). */
export function moveDays(db: Db, fact: Fact, sign: 1 | -1): void {
  const add = sumsOf(fact);
  for (const { table, read, write } of compiled) {
    const key = table.keyOf(fact);
    const row = read.get(db, ...key);
    const sums = SUMS.map((c) => ((row?.[c] as number | undefined) ?? 0) + sign * add[c]);
    const hists = adjust(row?.hists as Buffer | null, { wait: fact.waitS, firstReply: fact.firstReplyS, duration: fact.durationS }, sign);
    write.run(db, ...key, ...sums, hists);
  }
}

