import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postMessage } from '../../src/chat/messages.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { leaveLine } from '../../src/line/leave.ts';
import { rateTicket } from '../../src/line/rating.ts';
import { openTicket, ticketById } from '../../src/line/tickets.ts';
import { leaveMessage } from '../../src/intake/offline.ts';
import { buildReport } from '../../src/reports/report.ts';
import { periodOf } from '../../src/reports/period.ts';
import { tallies, figuresOf } from '../../src/reports/query.ts';
import { backfillBatch } from '../../src/reports/backfill.ts';
import { makeTestApp } from '../helpers/app.ts';

const S = 1000;

/** One ticket of the seeded history: when it opens, how long each step takes (seconds), how it ends. */
interface Plan {
  day: number; name: string; who: 'ann' | 'bob' | null; lang: 'en' | 'da';
  wait?: number; first?: number; more?: Array<[visitorAfter: number, replyAfter: number]>;
  end: 'close' | 'leave'; stars?: number;
}

const HISTORY: Plan[] = [
  { day: 0, name: 'Vera', who: 'ann', lang: 'en', wait: 20, first: 5, more: [[30, 12], [10, 45]], end: 'close', stars: 5 },
  { day: 0, name: 'Petr', who: 'bob', lang: 'da', wait: 50, first: 40, more: [[20, 8]], end: 'close', stars: 3 },
  { day: 0, name: 'Olga', who: null, lang: 'en', end: 'leave' },
  { day: 0, name: 'Ivan', who: 'ann', lang: 'da', wait: 7, first: 3, end: 'close' },
  { day: 1, name: 'Nina', who: 'bob', lang: 'en', wait: 33, first: 21, more: [[5, 59]], end: 'close', stars: 4 },
  { day: 1, name: 'Karl', who: 'ann', lang: 'en', wait: 11, first: 2, end: 'close', stars: 5 },
  { day: 1, name: 'Mads', who: null, lang: 'da', end: 'leave' },
  { day: 2, name: 'Lene', who: 'bob', lang: 'en', wait: 59, first: 17, more: [[40, 30], [3, 4]], end: 'close', stars: 1 },
];

/** Nearest-rank percentile of whole seconds, as the hand would take it. */
function rank(values: number[], p: number): number | null {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.ceil((p / 100) * sorted.length) - 1]! : null;
}
const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : null);

describe('reports', () => {
  let t: ReturnType<typeof makeTestApp>;
  let ids: { ann: number; bob: number };
  let start: number;
  beforeEach(async () => {
    t = makeTestApp();
    const ann = await t.supporter('Ann');
    const bob = await t.supporter('Bob');
    ids = { ann: ann.id, bob: bob.id };
    start = t.clock.now();
  });
  afterEach(() => t.close());

  /** Plays the history through the same domain calls the desk and the ticket page make. */
  function play(history: Plan[]) {
    for (const [i, p] of history.entries()) {
      t.clock.set(start + p.day * 86_400 * S + i * 600 * S);
      const { ticketId } = openTicket(t.deps, { name: p.name, problem: 'Help' });
      t.deps.db.prepare('UPDATE tickets SET visitor_language = ? WHERE id = ?').run(p.lang, ticketId);
      if (p.end === 'leave') {
        t.clock.advance(90 * S);
        leaveLine(t.deps, ticketById(t.deps.db, ticketId)!);
        continue;
      }
      const who = ids[p.who!];
      t.clock.advance(p.wait! * S);
      claimTicket(t.deps, ticketId, who);
      t.clock.advance(p.first! * S);
      postMessage(t.deps, ticketId, { kind: 'supporter', supporterId: who }, 'Hello');
      for (const [visitorAfter, replyAfter] of p.more ?? []) {
        t.clock.advance(visitorAfter * S);
        postMessage(t.deps, ticketId, { kind: 'visitor' }, 'And?');
        t.clock.advance(replyAfter * S);
        postMessage(t.deps, ticketId, { kind: 'supporter', supporterId: who }, 'Here');
      }
      t.clock.advance(60 * S);
      closeTicket(t.deps, ticketId, who, '');
      if (p.stars) rateTicket(t.deps, ticketById(t.deps.db, ticketId)!, { stars: String(p.stars), comment: `From ${p.name}` });
    }
  }

  /** The figures a hand computes from the plan alone. */
  function byHand(plans: Plan[]) {
    const claimed = plans.filter((p) => p.end === 'close');
    const replies = claimed.flatMap((p) => [p.first!, ...(p.more ?? []).map(([, r]) => r)]);
    const durations = claimed.map((p) => p.first! + (p.more ?? []).reduce((n, [v, r]) => n + v + r, 0) + 60);
    const stars = plans.flatMap((p) => (p.stars ? [p.stars] : []));
    return {
      tickets: plans.length, claimed: claimed.length, closed: claimed.length, left: plans.length - claimed.length,
      wait: { avg: mean(claimed.map((p) => p.wait!)), p50: rank(claimed.map((p) => p.wait!), 50), p90: rank(claimed.map((p) => p.wait!), 90) },
      firstReply: { avg: mean(claimed.map((p) => p.first!)), p50: rank(claimed.map((p) => p.first!), 50), p90: rank(claimed.map((p) => p.first!), 90) },
      replyAvg: mean(replies), durationAvg: mean(durations), durationP90: rank(durations, 90),
      rating: { avg: mean(stars), n: stars.length, counts: [1, 2, 3, 4, 5].map((n) => stars.filter((s) => s === n).length) },
    };
  }

  function expectFigures(f: ReturnType<typeof figuresOf>, plans: Plan[]) {
    const hand = byHand(plans);
    expect({ tickets: f.tickets, claimed: f.claimed, closed: f.closed, left: f.left }).toEqual({ tickets: hand.tickets, claimed: hand.claimed, closed: hand.closed, left: hand.left });
    expect(f.wait).toEqual(hand.wait);
    expect(f.firstReply).toEqual(hand.firstReply);
    expect(f.replyAvg).toBeCloseTo(hand.replyAvg!, 6);
    expect(f.duration.avg).toBeCloseTo(hand.durationAvg!, 6);
    // Durations above a minute are read from a bucket: within a tenth of the true value.
    expect(Math.abs(f.duration.p90! - hand.durationP90!)).toBeLessThanOrEqual(hand.durationP90! / 10);
    expect(f.rating).toEqual(hand.rating);
  }

  it('gives the figures a hand computes from the same history, overall, per supporter, per language and per day', () => {
    play(HISTORY);
    const week = periodOf({ period: 'week' }, new Date(start).toISOString().slice(0, 10));
    const report = buildReport(t.deps.db, week, {}, { id: ids.ann, role: 'supervisor' }, 'en', t.clock.now());
    expectFigures(report.overall, HISTORY);
    const ann = report.supporters.find((s) => s.name === 'Ann')!;
    expectFigures(ann.figures, HISTORY.filter((p) => p.who === 'ann'));
    expectFigures(report.supporters.find((s) => s.name === 'Bob')!.figures, HISTORY.filter((p) => p.who === 'bob'));
    expectFigures(buildReport(t.deps.db, week, { language: 'da' }, { id: ids.ann, role: 'admin' }, 'en', t.clock.now()).overall, HISTORY.filter((p) => p.lang === 'da'));
    // Every day of the week, those without tickets at zero (the test clock starts on a Monday).
    expect(report.series.points.map((p) => [p.key, p.figures.tickets])).toEqual([0, 1, 2, 3, 4, 5, 6].map((d) => [
      new Date(start + d * 86_400 * S).toISOString().slice(0, 10), HISTORY.filter((p) => p.day === d).length,
    ]));
    expect(report.comments.map((c) => c.comment)).toEqual(['From Lene', 'From Karl', 'From Nina', 'From Petr', 'From Vera']);
  });

  it("keeps the team's and the supporters' rows, by day and by month, adding up to the same figures", () => {
    play(HISTORY);
    const first = new Date(start).toISOString().slice(0, 10);
    const last = new Date(start + 2 * 86_400 * S).toISOString().slice(0, 10);
    // Whole months: read from the month rows; by day: from the day rows.
    const months = { from: `${first.slice(0, 7)}-01`, to: periodOf({ period: 'month', date: last }, last).to };
    const merged = (list: ReturnType<typeof tallies>) => list.reduce((a, b) => ({
      key: '', sums: Object.fromEntries(Object.entries(a.sums).map(([k, v]) => [k, v + b.sums[k as keyof typeof a.sums]])) as typeof a.sums,
      hists: a.hists.map((v, i) => v + b.hists[i]!),
    }));
    const team = figuresOf(tallies(t.deps.db, months, 'all', {})[0]);
    expect(team.tickets).toBe(HISTORY.length);
    expect(figuresOf(merged(tallies(t.deps.db, months, 'supporter', {})))).toEqual(team);
    expect(figuresOf(merged(tallies(t.deps.db, months, 'day', {})))).toEqual(team);
    expect(figuresOf(merged(tallies(t.deps.db, { from: first, to: last }, 'group', {})))).toEqual(team);
  });

  it('moves a ticket to its new figures when the visitor rates it after the close, and counts an offline message apart', () => {
    play(HISTORY.slice(0, 1).map((p) => ({ ...p, stars: undefined })));
    const day = periodOf({ period: 'day' }, new Date(start).toISOString().slice(0, 10));
    expect(buildReport(t.deps.db, day, {}, { id: ids.ann, role: 'admin' }, 'en', t.clock.now()).overall.rating.n).toBe(0);
    rateTicket(t.deps, ticketById(t.deps.db, 1)!, { stars: '2' });
    leaveMessage(t.deps, { name: 'Mail', email: 'mail@example.com', problem: 'Call me' });
    const after = buildReport(t.deps.db, day, {}, { id: ids.ann, role: 'admin' }, 'en', t.clock.now()).overall;
    expect(after.rating).toEqual({ avg: 2, n: 1, counts: [0, 1, 0, 0, 0] });
    expect([after.tickets, after.offline, after.closed]).toEqual([1, 1, 1]);
    // Exactly one row per day and key, with the rating moved rather than added twice.
    for (const table of ['report_team_days', 'report_team_months', 'report_supporter_days', 'report_supporter_months']) {
      expect(t.deps.db.prepare(`SELECT sum(tickets) AS n, sum(rating_n) AS r FROM ${table}`).get(), table).toEqual({ n: 1, r: 1 });
    }
  });

  it("shows a supporter their own figures only, whatever they ask for", async () => {
    play(HISTORY);
    const bob = await t.supporter('Bobby');
    const page = await (await (await t.supporter('Cleo')).agent.get(`/reports?period=week&date=${new Date(start).toISOString().slice(0, 10)}&supporter=${ids.ann}`)).text();
    expect(page).not.toContain('Ann');
    expect(page).not.toContain('From Vera');
    const own = buildReport(t.deps.db, periodOf({ period: 'week' }, new Date(start).toISOString().slice(0, 10)), { supporterId: ids.ann }, { id: bob.id, role: 'supporter' }, 'en', t.clock.now());
    expect(own.overall.tickets).toBe(0);
    expect(own.groups).toEqual([]);
  });

  it('takes in the tickets that ended before reports were kept, once, a batch at a time', () => {
    play(HISTORY);
    const week = periodOf({ period: 'week' }, new Date(start).toISOString().slice(0, 10));
    const before = buildReport(t.deps.db, week, {}, { id: ids.ann, role: 'admin' }, 'en', t.clock.now());
    // As after an upgrade: the history is there, the report tables are empty.
    t.deps.db.exec("DELETE FROM report_facts; DELETE FROM report_team_days; DELETE FROM report_supporter_days; DELETE FROM report_team_months; DELETE FROM report_supporter_months; DELETE FROM settings WHERE key = 'reports_backfilled_to'");
    expect(buildReport(t.deps.db, week, {}, { id: ids.ann, role: 'admin' }, 'en', t.clock.now()).overall.tickets).toBe(0);
    expect(backfillBatch(t.deps.db)).toBe(false);
    expect(backfillBatch(t.deps.db)).toBe(false);
    expect(buildReport(t.deps.db, week, {}, { id: ids.ann, role: 'admin' }, 'en', t.clock.now())).toEqual(before);
  });
});
