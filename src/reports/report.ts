import type { Lang } from '../i18n/index.ts';
import { sql, sqlOfShape, type Db } from '../lib/sql.ts';
import { dayStartIn, teamTimezone } from '../hours/hours.ts';
import { groupName, listGroups } from '../groups/groups.ts';
import { listTopics } from '../groups/topics.ts';
import { membersOf } from '../groups/members.ts';
import { listSites } from '../widget/sites.ts';
import { addDays, daysIn, type Period } from './period.ts';
import { factConditions, figuresOf, tallies, type Figures, type Filters, type Tally } from './query.ts';
import type { PresenceState } from './schema.ts';
import { namesById, supporterNames } from '../supporters/names.ts';

/** Who asks: a supporter sees their own figures only; supervisors and admins see everyone's. */
export interface Viewer { id: number; role: string }

export interface Hours { availableS: number; awayS: number; breakS: number }
export interface Report {
  period: Period;
  filters: Filters;
  /** Tickets over the period: per day up to two months, per month beyond. */
  series: { unit: 'day' | 'month'; points: Array<{ key: string; figures: Figures }> };
  overall: Figures;
  groups: Array<{ id: number; name: string; figures: Figures }>;
  supporters: Array<{ id: number; name: string; figures: Figures; hours: Hours }>;
  comments: Array<{ ticketId: number; day: string; rating: number; comment: string }>;
  /** For a one-day report: each supporter's states through the day, as intervals. */
  timeline: Array<{ id: number; name: string; spans: Array<{ state: PresenceState; from: number; to: number }> }> | null;
  dayStart: number;
}

const MONTHLY_AFTER_DAYS = 62;
const COMMENTS_SHOWN = 20;

/** Hours per supporter, summed over the period's days (a group filter keeps its members). */
function hoursOf(db: Db, period: Period, f: Filters): Map<number, Hours> {
  const where = ['day >= +@from', 'day <= +@to'];
  if (f.supporterId !== undefined) where.push('supporter_id = +@supporterId');
  if (f.groupId !== undefined) where.push('supporter_id IN (SELECT supporter_id FROM group_members WHERE group_id = +@groupId)');
  const rows = sqlOfShape<{ id: number } & Hours>(db, `SELECT supporter_id AS id, sum(available_s) AS availableS, sum(away_s) AS awayS,
    sum(break_s) AS breakS FROM presence_days WHERE ${where.join(' AND ')} GROUP BY supporter_id LIMIT 100000`).all(db, { from: period.from, to: period.to, ...f });
  return new Map(rows.map(({ id, ...hours }) => [id, hours]));
}

function commentsOf(db: Db, period: Period, f: Filters): Report['comments'] {
  // Read through the index of commented tickets only: a filter that matches none reads few rows.
  const where = ['f.day >= +@from', 'f.day <= +@to', 'f.commented = 1', ...factConditions(f, 'held')];
  return sqlOfShape<Report['comments'][number]>(db, `SELECT f.ticket_id AS ticketId, f.day, f.rating, t.rating_comment AS comment
    FROM report_facts f INDEXED BY report_facts_commented JOIN tickets t ON t.id = f.ticket_id WHERE ${where.join(' AND ')} ORDER BY f.day DESC, f.ticket_id DESC LIMIT ${COMMENTS_SHOWN}`)
    .all(db, { from: period.from, to: period.to, ...f });
}

const spansOfDay = sql<{ id: number; state: PresenceState; from: number; to: number | null }>(`SELECT supporter_id AS id, state,
    started_at AS "from", ended_at AS "to" FROM presence_log
  WHERE (started_at >= +? AND started_at < +?) OR (ended_at IS NULL AND started_at < +?) ORDER BY supporter_id, started_at LIMIT 50000`);

function timelineOf(db: Db, day: string, f: Filters, now: number, who: Map<number, string>, members: Set<number> | null): Report['timeline'] {
  const zone = teamTimezone(db);
  const start = dayStartIn(day, zone), end = dayStartIn(addDays(day, 1), zone);
  const rows = new Map<number, NonNullable<Report['timeline']>[number]>();
  for (const s of spansOfDay.all(db, start, end, end)) {
    if (f.supporterId !== undefined && s.id !== f.supporterId) continue;
    if (members && !members.has(s.id)) continue;
    const span = { state: s.state, from: Math.max(start, s.from), to: Math.min(end, s.to ?? now) };
    if (span.to <= span.from) continue;
    const row = rows.get(s.id) ?? { id: s.id, name: who.get(s.id) ?? '', spans: [] };
    row.spans.push(span);
    rows.set(s.id, row);
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Every day (or month) of the period in order, those without tickets at zero, so the chart's gaps are real. */
function seriesOf(period: Period, unit: 'day' | 'month', found: Tally[]): Report['series']['points'] {
  const byKey = new Map(found.map((t) => [String(t.key), t]));
  const keys: string[] = [];
  for (let day = period.from; day <= period.to; day = addDays(day, 1)) {
    const key = unit === 'day' ? day : day.slice(0, 7);
    if (keys.at(-1) !== key) keys.push(key);
  }
  return keys.map((key) => ({ key, figures: figuresOf(byKey.get(key)) }));
}


/**
 * A report for a period under filters, as the viewer may see it. Every figure comes from the
 * tables kept as tickets end (src/reports/recording.ts), never from scanning the tickets.
 */
export function buildReport(db: Db, period: Period, asked: Filters, viewer: Viewer, lang: Lang, now: number): Report {
  const filters: Filters = viewer.role === 'supporter' ? { ...asked, supporterId: viewer.id } : asked;
  const who = namesById(db);
  const groupsById = new Map(listGroups(db).map((g) => [g.id, g]));
  const unit = daysIn(period) > MONTHLY_AFTER_DAYS ? 'month' : 'day';
  const overall = tallies(db, period, 'all', filters)[0];
  const hours = hoursOf(db, period, filters);
  const bySupporter = new Map(tallies(db, period, 'supporter', filters).map((t) => [Number(t.key), t]));
  const supporterIds = new Set([...bySupporter.keys(), ...hours.keys()].filter((id) => id !== 0));
  const none: Hours = { availableS: 0, awayS: 0, breakS: 0 };
  const members = filters.groupId === undefined ? null : new Set(membersOf(db, filters.groupId).map((m) => m.id));
  return {
    period, filters,
    series: { unit, points: seriesOf(period, unit, tallies(db, period, unit, filters)) },
    overall: figuresOf(overall),
    groups: viewer.role === 'supporter' ? [] : tallies(db, period, 'group', filters).map((t) => {
      const group = groupsById.get(Number(t.key));
      return { id: Number(t.key), name: group ? groupName(group, lang) : '', figures: figuresOf(t) };
    }),
    supporters: [...supporterIds].map((id) => ({ id, name: who.get(id) ?? '', figures: figuresOf(bySupporter.get(id)), hours: hours.get(id) ?? none }))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id),
    comments: commentsOf(db, period, filters),
    timeline: daysIn(period) === 1 ? timelineOf(db, period.from, filters, now, who, members) : null,
    dayStart: dayStartIn(period.from, teamTimezone(db)),
  };
}

/** What the filters offer: the team's groups, sites, topics and supporters (for a supervisor). */
export function filterChoices(db: Db, lang: Lang, viewer: Viewer) {
  return {
    groups: listGroups(db).map((g) => ({ id: g.id, name: groupName(g, lang) })),
    sites: listSites(db).map((s) => ({ id: s.id, name: s.name })),
    topics: listTopics(db).map((t) => ({ id: t.id, name: groupName(t, lang) })),
    supporters: viewer.role === 'supporter' ? [] : supporterNames(db),
  };
}
