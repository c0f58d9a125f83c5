import { sqlOfShape, type Db } from '../lib/sql.ts';
import { namesById } from '../supporters/names.ts';
import { csvLine } from '../lib/csv.ts';
import { groupName, listGroups } from '../groups/groups.ts';
import { listTopics } from '../groups/topics.ts';
import { listSites } from '../widget/sites.ts';
import type { Lang } from '../i18n/index.ts';
import { factConditions, type Figures, type Filters } from './query.ts';
import type { Hours, Report } from './report.ts';
import type { Period } from './period.ts';

/*
 * Every table of a report as CSV (seconds as plain numbers, so a spreadsheet can sum them), and
 * the conversations of a period one row each, read a batch at a time.
 */

export const TABLES = ['summary', 'series', 'groups', 'supporters', 'ratings'] as const;
export type TableName = (typeof TABLES)[number];

const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);
const FIGURES = ['tickets', 'claimed', 'closed', 'abandoned', 'left the line', 'offline messages', 'transfers',
  'wait avg s', 'wait p50 s', 'wait p90 s', 'first reply avg s', 'first reply p50 s', 'first reply p90 s', 'reply avg s',
  'duration avg s', 'duration p50 s', 'duration p90 s', 'rating avg', 'ratings', 'claim breaches', 'first reply breaches', 'reply breaches', 'complaints'];
const figureCells = (f: Figures) => [f.tickets, f.claimed, f.closed, f.abandoned, f.left, f.offline, f.transfers,
  round(f.wait.avg), f.wait.p50, f.wait.p90, round(f.firstReply.avg), f.firstReply.p50, f.firstReply.p90, round(f.replyAvg),
  round(f.duration.avg), f.duration.p50, f.duration.p90, round(f.rating.avg), f.rating.n, f.breaches.claim, f.breaches.firstReply, f.breaches.reply, f.complaints];
const HOURS = ['online h', 'available h', 'away h', 'on a break h'];
const hourCells = (h: Hours) => [h.availableS + h.awayS + h.breakS, h.availableS, h.awayS, h.breakS].map((s) => Math.round(s / 36) / 100);

/** One table of a report as CSV text. */
export function reportCsv(report: Report, table: TableName): string {
  const rows: Array<Array<string | number | null>> = [];
  if (table === 'summary') {
    rows.push(['from', 'to', ...FIGURES], [report.period.from, report.period.to, ...figureCells(report.overall)]);
  } else if (table === 'series') {
    rows.push([report.series.unit, ...FIGURES], ...report.series.points.map((p) => [p.key, ...figureCells(p.figures)]));
  } else if (table === 'groups') {
    rows.push(['group id', 'group', ...FIGURES], ...report.groups.map((g) => [g.id, g.name, ...figureCells(g.figures)]));
  } else if (table === 'supporters') {
    rows.push(['supporter id', 'supporter', ...FIGURES, ...HOURS], ...report.supporters.map((s) => [s.id, s.name, ...figureCells(s.figures), ...hourCells(s.hours)]));
  } else {
    rows.push(['rating', 'count'], ...report.overall.rating.counts.map((n, i) => [i + 1, n]));
  }
  return rows.map(csvLine).join('');
}

interface Conversation {
  ticketId: number; createdAt: number; endedAt: number; outcome: string; groupId: number; siteId: number; language: string; topicId: number;
  supporters: string; waitS: number | null; firstReplyS: number | null; durationS: number | null; replyN: number; replySumS: number; replyMaxS: number | null;
  rating: number | null; ratingComment: string | null; transfers: number; breachClaim: number; breachFirstReply: number; breachReply: number;
  complaints: number; customFields: string;
}
const CONVERSATION_HEADER = ['ticket', 'opened (UTC)', 'ended (UTC)', 'outcome', 'group', 'site', 'language', 'topic', 'supporters',
  'wait s', 'first reply s', 'duration s', 'replies', 'reply avg s', 'slowest reply s', 'rating', 'rating comment', 'transfers',
  'claim breaches', 'first reply breaches', 'reply breaches', 'complaints', 'custom fields'];
const BATCH = 1000;

function conversationsAfter(db: Db, period: Period, f: Filters, after: number): Conversation[] {
  // A supporter's conversations are those they took part in, not only those they closed.
  const where = ['f.day >= +@from', 'f.day <= +@to', 'f.ticket_id > +@after', ...factConditions(f, 'tookPart')];
  return sqlOfShape<Conversation>(db, `SELECT f.ticket_id AS ticketId, f.created_at AS createdAt, f.ended_at AS endedAt, f.outcome,
      f.group_id AS groupId, f.site_id AS siteId, f.language, f.topic_id AS topicId, f.supporters, f.wait_s AS waitS, f.first_reply_s AS firstReplyS,
      f.duration_s AS durationS, f.reply_n AS replyN, f.reply_sum_s AS replySumS, f.reply_max_s AS replyMaxS, f.rating, t.rating_comment AS ratingComment,
      f.transfers, f.breach_claim AS breachClaim, f.breach_first_reply AS breachFirstReply, f.breach_reply AS breachReply, f.complaints,
      t.custom_fields AS customFields
    FROM report_facts f JOIN tickets t ON t.id = f.ticket_id WHERE ${where.join(' AND ')} ORDER BY f.ticket_id LIMIT ${BATCH}`)
    .all(db, { from: period.from, to: period.to, after, ...f });
}

/**
 * The period's conversations as CSV, a thousand at a time (in ticket order), so a year of them
 * never sits in memory: the caller writes each batch and yields between them.
 */
export function* conversationsCsv(db: Db, period: Period, f: Filters, lang: Lang): Generator<string> {
  const groups = new Map(listGroups(db).map((g) => [g.id, groupName(g, lang)]));
  const sites = new Map(listSites(db).map((s) => [s.id, s.name]));
  const topics = new Map(listTopics(db).map((t) => [t.id, groupName(t, lang)]));
  const people = namesById(db);
  const iso = (ms: number) => new Date(ms).toISOString();
  yield csvLine(CONVERSATION_HEADER);
  for (let after = 0; ;) {
    const batch = conversationsAfter(db, period, f, after);
    if (!batch.length) return;
    yield batch.map((c) => {
      const fields = Object.entries(JSON.parse(c.customFields || '{}') as Record<string, string>).map(([k, v]) => `${k}: ${v}`).join('; ');
      return csvLine([c.ticketId, iso(c.createdAt), iso(c.endedAt), c.outcome, groups.get(c.groupId) ?? '', sites.get(c.siteId) ?? '', c.language,
        topics.get(c.topicId) ?? '', c.supporters.split(' ').filter(Boolean).map((id) => people.get(Number(id)) ?? '').join(', '),
        c.waitS, c.firstReplyS, c.durationS, c.replyN, c.replyN ? round(c.replySumS / c.replyN) : null, c.replyMaxS,
        c.rating, c.ratingComment, c.transfers, c.breachClaim, c.breachFirstReply, c.breachReply, c.complaints, fields]);
    }).join('');
    after = batch.at(-1)!.ticketId;
  }
}
