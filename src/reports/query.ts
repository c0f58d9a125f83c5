import { sqlOfShape, type Db } from '../lib/sql.ts';
import { SUMS, type SumColumn } from './day-tables.ts';
import { addInto, dense, histogramOf, percentile, type Metric } from './histogram.ts';
import { addDays } from './period.ts';

/*
 * One report query: the sums and histograms of the tickets in a period that pass the filters,
 * broken down by a key (nothing, group, supporter, day or month). It reads the team's rows, or
 * the supporters' when a supporter matters; the whole months of a period from the month rows and
 * only the days at its edges from the day rows, so a year reads a few thousand rows at most.
 */

export interface Filters { groupId?: number; supporterId?: number; siteId?: number; language?: string; topicId?: number }
export type Breakdown = 'all' | 'group' | 'supporter' | 'day' | 'month';

export interface Tally { key: string | number; sums: Record<SumColumn, number>; hists: Uint32Array }

const KEY: Record<Breakdown, string> = { all: "''", group: 'group_id', supporter: 'supporter_id', day: 'day', month: 'substr(day, 1, 7)' };

/**
 * The filters as conditions on report_facts rows (aliased f), whose parameters are named as the
 * filters are. A supporter is who held the ticket last, or (`tookPart`) anyone who wrote in it,
 * as lists of conversations show them.
 */
export function factConditions(f: Filters, supporter: 'held' | 'tookPart'): string[] {
  const where: string[] = [];
  for (const [key, column] of [['groupId', 'group_id'], ['siteId', 'site_id'], ['language', 'language'], ['topicId', 'topic_id']] as const) {
    if (f[key] !== undefined) where.push(`f.${column} = +@${key}`);
  }
  if (f.supporterId !== undefined) {
    // The id as an integer's text: a bound number could read as 12.0.
    where.push(supporter === 'held' ? 'f.supporter_id = +@supporterId' : "(' ' || f.supporters || ' ') LIKE '% ' || CAST(@supporterId AS INTEGER) || ' %'");
  }
  return where;
}

const registered = new WeakSet<Db>();
/** The aggregate that merges rows' stored histograms (src/reports/histogram.ts). */
function registerAggregate(db: Db): void {
  if (registered.has(db)) return;
  registered.add(db);
  db.aggregate<Uint32Array>('hist_merge', {
    start: dense,
    step: (h, stored) => addInto(h, stored as unknown as Buffer | null),
    result: (h) => Buffer.from(h.buffer, h.byteOffset, h.byteLength),
  });
}

interface Parts { days: Array<[string, string]>; months: [string, string] | null }

const lastOfMonth = (month: string) => addDays(`${addDays(`${month}-28`, 4).slice(0, 7)}-01`, -1);

/** A period as day ranges at its edges and the whole months between (day breakdowns read days only). */
export function partsOf(period: { from: string; to: string }, byDay: boolean): Parts {
  const firstWhole = period.from.endsWith('-01') ? period.from.slice(0, 7) : addDays(lastOfMonth(period.from.slice(0, 7)), 1).slice(0, 7);
  const lastWhole = lastOfMonth(period.to.slice(0, 7)) === period.to ? period.to.slice(0, 7) : addDays(`${period.to.slice(0, 7)}-01`, -1).slice(0, 7);
  if (byDay || firstWhole > lastWhole) return { days: [[period.from, period.to]], months: null };
  const days: Array<[string, string]> = [];
  if (period.from < `${firstWhole}-01`) days.push([period.from, addDays(`${firstWhole}-01`, -1)]);
  if (period.to > lastOfMonth(lastWhole)) days.push([addDays(lastOfMonth(lastWhole), 1), period.to]);
  return { days, months: [firstWhole, lastWhole] };
}

function shape(bySupporter: boolean, by: Breakdown, f: Filters, parts: Parts): string {
  const filters: string[] = [];
  if (f.groupId !== undefined) filters.push('group_id = +@groupId');
  if (f.supporterId !== undefined) filters.push('supporter_id = +@supporterId');
  if (f.siteId !== undefined) filters.push('site_id = +@siteId');
  if (f.language !== undefined) filters.push('language = +@language');
  if (f.topicId !== undefined) filters.push('topic_id = +@topicId');
  const table = bySupporter ? 'report_supporter' : 'report_team';
  const part = (grain: 'days' | 'months', i: number) => `SELECT ${KEY[by]} AS key, ${SUMS.join(', ')}, hists FROM ${table}_${grain}
    WHERE day >= +@from${grain}${i} AND day <= +@to${grain}${i}${filters.map((w) => ` AND ${w}`).join('')}`;
  const selects = [...parts.days.map((_, i) => part('days', i)), ...(parts.months ? [part('months', 0)] : [])];
  return `SELECT key, ${SUMS.map((c) => `sum(${c}) AS ${c}`).join(', ')}, hist_merge(hists) AS hists
    FROM (${selects.join(' UNION ALL ')}) GROUP BY key ORDER BY key LIMIT 20000`;
}

/**
 * The tallies of a period (local dates, both included) under filters, one per breakdown key.
 *
 * @example
 * tallies(db, { from: '2026-11-01', to: '2026-11-30' }, 'group', { language: 'da' })
 */
export function tallies(db: Db, period: { from: string; to: string }, by: Breakdown, f: Filters): Tally[] {
  registerAggregate(db);
  const parts = partsOf(period, by === 'day');
  const bySupporter = by === 'supporter' || f.supporterId !== undefined;
  const params: Record<string, unknown> = { ...f };
  parts.days.forEach(([from, to], i) => { params[`fromdays${i}`] = from; params[`todays${i}`] = to; });
  if (parts.months) [params.frommonths0, params.tomonths0] = parts.months;
  return sqlOfShape<Record<string, unknown>>(db, shape(bySupporter, by, f, parts)).all(db, params).map((row) => ({
    key: row.key as string | number,
    sums: Object.fromEntries(SUMS.map((c) => [c, Number(row[c] ?? 0)])) as Record<SumColumn, number>,
    hists: row.hists ? copyOf(row.hists as Buffer) : dense(),
  }));
}

/** A merged histogram out of SQLite, as counts (copied: the buffer is SQLite's). */
const copyOf = (b: Buffer) => new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));

export interface Spread { avg: number | null; p50: number | null; p90: number | null }
export interface Figures {
  tickets: number; claimed: number; closed: number; abandoned: number; left: number; offline: number; transfers: number;
  wait: Spread; firstReply: Spread; duration: Spread; replyAvg: number | null; replies: number;
  rating: { avg: number | null; n: number; counts: [number, number, number, number, number] };
  breaches: { claim: number; firstReply: number; reply: number }; complaints: number;
}

const avg = (sum: number, n: number) => (n ? sum / n : null);
const spread = (sum: number, n: number, all: Uint32Array, metric: Metric): Spread => {
  const h = histogramOf(all, metric);
  return { avg: avg(sum, n), p50: percentile(h, 50), p90: percentile(h, 90) };
};

/** What a tally says, as reports show it. */
export function figuresOf(t: Tally | undefined): Figures {
  const s = t?.sums ?? (Object.fromEntries(SUMS.map((c) => [c, 0])) as Record<SumColumn, number>);
  const h = t?.hists ?? dense();
  return {
    tickets: s.tickets, claimed: s.claimed, closed: s.closed, abandoned: s.abandoned, left: s.left_line, offline: s.offline, transfers: s.transfers,
    wait: spread(s.wait_sum, s.wait_n, h, 'wait'), firstReply: spread(s.first_reply_sum, s.first_reply_n, h, 'firstReply'),
    duration: spread(s.duration_sum, s.duration_n, h, 'duration'), replyAvg: avg(s.reply_sum, s.reply_n), replies: s.reply_n,
    rating: { avg: avg(s.rating_sum, s.rating_n), n: s.rating_n, counts: [s.rating_1, s.rating_2, s.rating_3, s.rating_4, s.rating_5] },
    breaches: { claim: s.breach_claim, firstReply: s.breach_first_reply, reply: s.breach_reply }, complaints: s.complaints,
  };
}
