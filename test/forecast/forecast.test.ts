import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { erlangC, serversNeeded, serviceLevel } from '../../src/forecast/erlang.ts';
import { forecastWeek, WEEK_MS } from '../../src/forecast/forecast.ts';
import { HOUR_MS } from '../../src/forecast/arrivals.ts';
import { staffingWeek } from '../../src/forecast/staffing.ts';
import { openTicket } from '../../src/line/tickets.ts';
import { leaveMessage } from '../../src/intake/offline.ts';
import { makeTestApp } from '../helpers/app.ts';

/** Erlang C written out from its textbook formula, with factorials (fine for small numbers). */
function erlangCByHand(n: number, a: number): number {
  let term = 1, sum = 0;
  for (let k = 0; k < n; k++) { sum += term; term *= a / (k + 1); }
  const last = term * (n / (n - a));
  return last / (sum + last);
}

describe('Erlang C', () => {
  it('agrees with the textbook formula', () => {
    for (const [n, a] of [[12, 10], [3, 2.5], [30, 24.2], [1, 0.3]] as const) expect(erlangC(n, a)).toBeCloseTo(erlangCByHand(n, a), 10);
    expect(erlangC(12, 10)).toBeCloseTo(0.4494, 4);
    expect(erlangC(10, 10)).toBe(1);
  });

  it('needs the fewest servers that answer the target share within the wait', () => {
    // 100 arrivals an hour of 3 minutes each (5 erlangs), 80 % within 20 s.
    const n = serversNeeded(100, 180, 20, 0.8);
    expect(serviceLevel(n, 5, 20, 180)).toBeGreaterThanOrEqual(0.8);
    expect(serviceLevel(n - 1, 5, 20, 180)).toBeLessThan(0.8);
    expect(n).toBe(8);
    expect(serversNeeded(0, 180, 20, 0.8)).toBe(0);
  });
});

describe('the load forecast', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  /** A known week: busier on weekdays and in the afternoon. */
  const pattern = (at: number) => {
    const d = new Date(at);
    const weekday = d.getUTCDay() >= 1 && d.getUTCDay() <= 5;
    return Math.max(0, 20 + 15 * Math.sin((2 * Math.PI * (d.getUTCHours() - 9)) / 24) + (weekday ? 10 : -10));
  };

  it('recovers a known weekly pattern from eight noisy weeks within 10 %, and says how wrong it was last week', () => {
    const now = t.clock.now();
    const hourNow = now - (now % HOUR_MS);
    let seed = 3;
    const noise = () => 0.8 + 0.4 * ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const add = t.deps.db.prepare('INSERT INTO arrival_hours (hour, tickets) VALUES (?, ?)');
    for (let at = hourNow - 8 * WEEK_MS; at <= hourNow; at += HOUR_MS) add.run(at, Math.round(pattern(at) * noise()));
    const f = forecastWeek(t.deps.db, now);
    expect(f.weeks).toBe(6);
    expect(f.expected).toHaveLength(168);
    let error = 0, total = 0;
    f.expected.forEach((e, h) => { const truth = pattern(f.from + h * HOUR_MS); error += Math.abs(e - truth); total += truth; });
    expect(error / total).toBeLessThan(0.1);
    // The noise is ±20 %: last week's forecast missed by about a tenth of the tickets.
    expect(f.lastWeekError).toBeGreaterThan(0.02);
    expect(f.lastWeekError).toBeLessThan(0.2);
  });

  it('says nothing it does not know: no history, no forecast and no error', () => {
    const f = forecastWeek(t.deps.db, t.clock.now());
    expect([f.weeks, f.lastWeekError, f.expected.every((e) => e === 0)]).toEqual([0, null, true]);
  });

  it('counts each ticket joining the line in its hour, and not offline messages', () => {
    openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    openTicket(t.deps, { name: 'Petr', problem: 'Help' });
    leaveMessage(t.deps, { name: 'Mail', email: 'mail@example.com', problem: 'Call me' });
    const now = t.clock.now();
    expect(t.deps.db.prepare('SELECT hour, tickets FROM arrival_hours').all()).toEqual([{ hour: now - (now % HOUR_MS), tickets: 2 }]);
  });

  it('staffs each hour by Erlang C with the measured chat length and chats at once, beside who is on shift', async () => {
    const ann = await t.supporter('Ann');
    const now = t.clock.now(); // Monday 09:00 UTC
    const hourNow = now - (now % HOUR_MS);
    const add = t.deps.db.prepare('INSERT INTO arrival_hours (hour, tickets) VALUES (?, ?)');
    for (let k = 1; k <= 3; k++) add.run(hourNow + HOUR_MS - k * WEEK_MS, 30);
    // Chats of 6 minutes on average, two at a time per busy supporter.
    t.deps.db.prepare(`INSERT INTO report_team_days (day, group_id, site_id, language, topic_id, duration_n, duration_sum) VALUES (?, 0, 0, '', 0, 10, 3600)`)
      .run(new Date(now).toISOString().slice(0, 10));
    t.deps.db.prepare('INSERT INTO load_samples (minute, waiting, available, chats, busy) VALUES (?, 0, 0, 8, 4)').run(hourNow - 60_000);
    // Ann works Mondays 10:00-12:00.
    t.deps.db.prepare('INSERT INTO shifts (supporter_id, weekday, starts_at, ends_at) VALUES (?, 1, 600, 720)').run(ann.id);
    const s = staffingWeek(t.deps.db, now);
    const first = s.hours[0]!;
    expect([first.hour, first.expected, first.scheduled]).toEqual([10, 30, 1]);
    expect([s.handleS, s.concurrency]).toEqual([360, 2]);
    expect(first.needed).toBe(Math.ceil(serversNeeded(30, 360, 300, 0.9) / 2));
    expect(s.hours[2]!.scheduled).toBe(0);
  });

  it('shows supervisors the forecast page, and nobody else', async () => {
    const sam = await t.supporter('Sam', 'supervisor');
    const page = await (await sam.agent.get('/forecast')).text();
    expect(page.match(/<h1/g)).toHaveLength(1);
    expect(page).toContain('Forecast');
    expect((await (await t.supporter('Cleo')).agent.get('/forecast')).status).toBe(403);
  });
});
