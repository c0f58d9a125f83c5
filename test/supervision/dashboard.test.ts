import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postMessage } from '../../src/chat/messages.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { rateTicket } from '../../src/line/rating.ts';
import { openTicket, ticketById } from '../../src/line/tickets.ts';
import { leaveMessage } from '../../src/intake/offline.ts';
import { dashboard } from '../../src/supervision/dashboard.ts';
import { dashboardNow } from '../../src/supervision/board.ts';
import { sampleLoad } from '../../src/supervision/timeline.ts';
import { makeTestApp } from '../helpers/app.ts';

const MIN = 60_000;

/** The supervisors' live dashboard: the team now and today's totals (the test clock starts Monday 09:00 UTC). */
describe('the dashboard', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it("counts today's tickets, waits, first answers and ratings as a hand count of the same history does", async () => {
    const sam = await t.supporter('Sam', 'supervisor');
    const ann = await t.supporter('Ann');
    const bob = await t.supporter('Bob');
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk'").run();
    // Yesterday's ticket counts for nothing today.
    t.clock.advance(-24 * 60 * MIN);
    openTicket(t.deps, { name: 'Old', problem: 'Yesterday' });
    t.clock.advance(24 * 60 * MIN);
    const start = t.clock.now();
    const history = [
      { name: 'Vera', claimAfter: 2, replyAfter: 1, rating: '5' },
      { name: 'Petr', claimAfter: 4, replyAfter: 3, rating: '3' },
      { name: 'Olga', claimAfter: 10, replyAfter: null, rating: null },
    ];
    for (const [i, h] of history.entries()) {
      t.clock.set(start + i * MIN);
      openTicket(t.deps, { name: h.name, problem: 'Help' });
    }
    for (const [i, h] of history.entries()) {
      const id = i + 2;
      t.clock.set(start + (i + h.claimAfter) * MIN);
      claimTicket(t.deps, id, i % 2 ? bob.id : ann.id);
      if (h.replyAfter !== null) {
        t.clock.advance(h.replyAfter * MIN);
        postMessage(t.deps, id, { kind: 'supporter', supporterId: i % 2 ? bob.id : ann.id }, 'Hello');
      }
      if (h.rating) {
        closeTicket(t.deps, id, i % 2 ? bob.id : ann.id, '');
        rateTicket(t.deps, ticketById(t.deps.db, id), { stars: h.rating });
      }
    }
    t.clock.set(start + 20 * MIN);
    openTicket(t.deps, { name: 'Waiting', problem: 'Still here' });
    leaveMessage(t.deps, { name: 'Mail', email: 'mail@example.com', problem: 'Call me' });

    const d = dashboard(t.deps.db, start + 25 * MIN, 'en');
    // By hand: waits 2, 4 and 10 minutes after joining; first answers 1 and 3 minutes after claims; ratings 5 and 3.
    expect(d.today).toEqual({
      tickets: 4, claimed: 3, abandoned: 0, offline: 1,
      waitAvg: (16 / 3) * MIN, waitP90: 10 * MIN, firstReplyAvg: 2 * MIN, firstReplyP90: 3 * MIN, ratingAvg: 4, ratings: 2,
    });
    expect(d.chats).toBe(1);
    expect(d.groups).toEqual([{ id: 1, name: 'First line', waiting: 2, longestSince: start - 24 * 60 * MIN }]);
    const states = Object.fromEntries(d.states.map((s) => [s.state, s.people]));
    expect(states.busy).toEqual([{ name: 'Ann', chats: 1 }]);
    expect(states.available).toEqual([{ name: 'Bob', chats: 0 }, { name: 'Sam', chats: 0 }]);

    const page = await (await sam.agent.get('/dashboard')).text();
    expect(page).toContain('<h1>Dashboard</h1>');
    expect(page).toContain('hx-sse:connect="/dashboard/stream?after=');
  });

  it('pushes the redrawn figures to open dashboards once per language, and only supervisors and admins see it', async () => {
    const sam = await t.supporter('Sam', 'supervisor');
    const ann = await t.supporter('Ann');
    const admin = await t.supporter('Adam', 'admin');
    expect((await admin.agent.post('/admin/groups/1', { name_en: '<img src=x onerror=alert(1)> Line', kind: 'line' })).status).toBe(200);
    const pushed: string[] = [];
    const stop = t.dashboards.watch('en', (html) => pushed.push(html));
    const stopDa = t.dashboards.watch('da', (html) => pushed.push(html));
    await t.agent().join('Vera', 'Help');
    t.dashboards.sweep();
    expect(pushed).toHaveLength(2);
    expect(pushed[0]).toContain('<span class="dashboard__figure">1</span> waiting');
    expect(pushed[0]).toContain('&lt;img src=x onerror=alert(1)&gt; Line');
    expect(pushed[0]).not.toContain('<img src=x');
    expect(pushed[1]).toContain('venter');
    stop();
    stopDa();
    expect((await ann.agent.get('/dashboard')).status).toBe(403);
    expect((await ann.agent.get('/dashboard/stream')).status).toBe(403);
    expect((await sam.agent.get('/dashboard')).status).toBe(200);
    expect((await t.agent().get('/dashboard')).status).toBeGreaterThanOrEqual(300);
  });

  it("draws today's waiting against available from a sample each minute, with the hours as a table", async () => {
    await t.supporter('Sam', 'supervisor');
    const ann = await t.supporter('Ann');
    const start = t.clock.now(); // 09:00 UTC, the team's zone
    t.clock.advance(-24 * 60 * MIN);
    sampleLoad(t.deps); // yesterday: not today's
    t.clock.set(start - 500 * 24 * 60 * MIN);
    sampleLoad(t.deps); // kept 400 days: gone at the next sample
    t.clock.set(start);
    sampleLoad(t.deps);
    openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    openTicket(t.deps, { name: 'Petr', problem: 'Help' });
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk' WHERE id = ?").run(ann.id);
    t.clock.set(start + 61 * MIN + 30_000);
    sampleLoad(t.deps);
    expect(t.deps.db.prepare('SELECT count(*) FROM load_samples').pluck().get()).toBe(3);
    const d = dashboard(t.deps.db, t.clock.now(), 'en');
    expect(d.timeline.points).toEqual([{ minute: start, waiting: 0, available: 0 }, { minute: start + 61 * MIN, waiting: 2, available: 1 }]);
    expect(d.timeline.hours).toEqual([{ hour: 9, maxWaiting: 0, minAvailable: 0 }, { hour: 10, maxWaiting: 2, minAvailable: 1 }]);
    const html = dashboardNow(t.deps, 'en');
    expect(html).toContain('<polyline class="timeline__waiting" points="540,200 601,10"></polyline>');
    expect(html).toContain('<polyline class="timeline__available" points="540,200 601,105"></polyline>');
    expect(html).toContain('<th scope="row">10:00</th><td>2</td><td>1</td>');
  });
});
