import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { abandonGoneVisitors, rejoinIfAbandoned } from '../../src/line/abandon.ts';
import { openTicket, ticketById } from '../../src/line/tickets.ts';
import { setStatus } from '../../src/presence/status.ts';
import { backFromBreak, takeBreak } from '../../src/presence/breaks.ts';
import { buildReport } from '../../src/reports/report.ts';
import { periodOf } from '../../src/reports/period.ts';
import { makeTestApp } from '../helpers/app.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** Splits CSV text (RFC 4180, as the exports write it) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  for (const line of text.trim().split('\r\n')) {
    const cells: string[] = [];
    for (const m of line.matchAll(/"((?:[^"]|"")*)"|([^,]*)/g)) {
      if (m.index !== 0 && line[m.index - 1] !== ',') continue;
      cells.push(m[1] !== undefined ? m[1].replaceAll('""', '"') : m[2]!);
    }
    rows.push(cells);
  }
  return rows;
}

describe('report pages and exports', () => {
  let t: ReturnType<typeof makeTestApp>;
  let today: string;
  beforeEach(() => { t = makeTestApp(); today = new Date(t.clock.now()).toISOString().slice(0, 10); });
  afterEach(() => t.close());

  it('counts hours available, away and on a break from the presence log, cut at midnight', async () => {
    const ann = await t.supporter('Ann');
    const start = t.clock.now(); // 09:00 UTC, the team's zone
    t.presence.connected('supporter', ann.id);
    t.presence.flush();
    t.clock.set(start + HOUR);
    setStatus(t.deps, ann.id, { status: 'away', message: '' });
    t.clock.set(start + 90 * MIN);
    setStatus(t.deps, ann.id, { status: 'available', message: '' });
    t.clock.set(start + 3 * HOUR);
    takeBreak(t.deps, ann.id, '0');
    t.clock.set(start + 3 * HOUR + 45 * MIN);
    backFromBreak(t.deps, ann.id);
    t.clock.set(start + 17 * HOUR); // 02:00 the next day
    t.presence.signOut(ann.id);
    t.presence.disconnected('supporter', ann.id);
    t.presence.flush();
    const hours = (day: string) => buildReport(t.deps.db, periodOf({ period: 'day', date: day }, day), {}, { id: ann.id, role: 'admin' }, 'en', t.clock.now());
    const first = hours(today);
    // By hand: 09:00-10:00, 10:30-12:00 and 12:45-24:00 available; 10:00-10:30 away; 12:00-12:45 on a break.
    expect(first.supporters[0]!.hours).toEqual({ availableS: (60 + 90 + 675) * 60, awayS: 30 * 60, breakS: 45 * 60 });
    expect(first.timeline![0]!.spans.map((s) => s.state)).toEqual(['available', 'away', 'available', 'break', 'available']);
    const next = new Date(start + 24 * HOUR).toISOString().slice(0, 10);
    expect(hours(next).supporters[0]!.hours).toEqual({ availableS: 2 * 3600, awayS: 0, breakS: 0 });
  });

  it('takes an abandoned ticket out of the figures when its visitor comes back in time', async () => {
    const { ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    t.clock.advance(30 * MIN);
    expect(abandonGoneVisitors(t.deps)).toBe(1);
    const day = periodOf({ period: 'day' }, today);
    const sam = await t.supporter('Sam', 'admin');
    expect(buildReport(t.deps.db, day, {}, { id: sam.id, role: 'admin' }, 'en', t.clock.now()).overall.abandoned).toBe(1);
    t.deps.db.prepare('UPDATE tickets SET abandoned_at = ? WHERE id = ?').run(t.clock.now(), ticketId);
    expect(rejoinIfAbandoned(t.deps, ticketById(t.deps.db, ticketId)!)).toBe(true);
    const back = buildReport(t.deps.db, day, {}, { id: sam.id, role: 'admin' }, 'en', t.clock.now()).overall;
    expect([back.tickets, back.abandoned]).toEqual([0, 0]);
  });

  it('exports every table as CSV with the figures the page shows, and no cell a spreadsheet runs', async () => {
    const sam = await t.supporter('=cmd|calc', 'supervisor');
    const { ticketId } = openTicket(t.deps, { name: '+Eve', problem: 'Help' });
    t.clock.advance(42_000);
    claimTicket(t.deps, ticketId, sam.id);
    t.clock.advance(30_000);
    closeTicket(t.deps, ticketId, sam.id, '');
    const csv = async (path: string) => {
      const answer = await sam.agent.get(path);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
      expect(answer.headers.get('Content-Disposition')).toContain('attachment');
      return parseCsv(await answer.text());
    };
    const summary = await csv(`/reports/export.csv?table=summary&period=day&date=${today}`);
    const row = Object.fromEntries(summary[0]!.map((h, i) => [h, summary[1]![i]]));
    expect([row.tickets, row.claimed, row.closed, row['wait avg s'], row['wait p90 s'], row['duration p50 s']]).toEqual(['1', '1', '1', '42', '42', '30']);
    const people = await csv(`/reports/export.csv?table=supporters&period=day&date=${today}`);
    expect(people[1]!.slice(0, 3)).toEqual([String(sam.id), "'=cmd|calc", '1']);
    // Round trip: every figure read back from the CSV is the report's own.
    const report = buildReport(t.deps.db, periodOf({ period: 'day', date: today }, today), {}, { id: sam.id, role: 'supervisor' }, 'en', t.clock.now());
    const back = Object.fromEntries(people[0]!.map((h, i) => [h, people[1]![i]]));
    const f = report.supporters[0]!.figures;
    const expected: Record<string, unknown> = { tickets: f.tickets, claimed: f.claimed, closed: f.closed, abandoned: f.abandoned, 'left the line': f.left,
      'offline messages': f.offline, transfers: f.transfers, 'wait avg s': f.wait.avg, 'wait p50 s': f.wait.p50, 'wait p90 s': f.wait.p90,
      'first reply avg s': f.firstReply.avg, 'duration avg s': f.duration.avg, 'duration p90 s': f.duration.p90, ratings: f.rating.n, complaints: f.complaints };
    for (const [column, value] of Object.entries(expected)) expect(back[column], column).toBe(value === null ? '' : String(value));
    const conversations = await csv(`/reports/conversations.csv?period=day&date=${today}`);
    expect(conversations).toHaveLength(2);
    expect(conversations[1]!.slice(0, 1)).toEqual([String(ticketId)]);
    expect(conversations[1]![8]).toBe("'=cmd|calc");
    expect(conversations[1]![9]).toBe('42');
    for (const table of ['series', 'groups', 'ratings']) expect((await csv(`/reports/export.csv?table=${table}&period=day&date=${today}`)).length).toBeGreaterThan(0);
  });

  it('refuses broken dates, reversed ranges, unknown filters and tables with a clear error', async () => {
    const sam = await t.supporter('Sam', 'supervisor');
    const cases: Array<[string, string]> = [
      ['/reports?period=day&date=2026-02-30', 'Write a date as YYYY-MM-DD.'],
      ['/reports?period=range&from=2026-05-02&to=2026-05-01', 'That period cannot be shown.'],
      ['/reports?period=range&from=1900-01-01&to=2026-01-01', 'That period cannot be shown.'],
      ["/reports?group=1%20OR%201=1", 'A filter is not one of the choices.'],
      ['/reports?language=xx', 'A filter is not one of the choices.'],
      ['/reports/export.csv?table=tickets', 'There is no such table to export.'],
    ];
    for (const [path, message] of cases) {
      const answer = await sam.agent.get(path);
      expect(answer.status, path).toBe(400);
      expect(await answer.text(), path).toContain(message.includes('YYYY') ? 'That period cannot be shown.' : message);
    }
    // Signed out, there is nothing to see.
    expect((await t.app.request('/reports')).status).toBe(401);
    expect((await t.app.request('/reports/conversations.csv')).status).toBe(401);
  });

  it('renders a page with one h1, the calendar and every table, for a supporter and for a supervisor', async () => {
    const sam = await t.supporter('Sam', 'supervisor');
    const page = await (await sam.agent.get('/reports?period=month')).text();
    expect(page.match(/<h1/g)).toHaveLength(1);
    for (const label of ['Reports', 'Export CSV', 'By group', 'By supporter', 'Tickets per day', 'Ratings']) expect(page).toContain(label);
    const cleo = await t.supporter('Cleo');
    const own = await (await cleo.agent.get('/reports')).text();
    expect(own).toContain('These are your own figures.');
    expect(own).not.toContain('By group');
    expect(own).not.toContain('name="supporter"');
  });
});
