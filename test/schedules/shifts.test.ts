import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { candidatesFor } from '../../src/groups/candidates.ts';
import { deskRenderer, deskSnapshot } from '../../src/desk/feed.ts';
import { deskScope } from '../../src/groups/members.ts';
import { offShiftNow, parseIntervals } from '../../src/schedules/shifts.ts';
import { ShiftWatch } from '../../src/schedules/watch.ts';
import { getSupporter } from '../../src/supporters/accounts.ts';
import { makeTestApp } from '../helpers/app.ts';

/**
 * Shifts: weekly intervals per supporter in the team's time zone (Copenhagen here), and days off.
 * The test clock starts on Monday 2026-01-05 at 09:00 UTC, 10:00 in Copenhagen.
 */
describe('shifts', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  async function team() {
    const adam = await t.supporter('Adam', 'admin');
    const ann = await t.supporter('Ann');
    const bob = await t.supporter('Bob');
    t.deps.db.prepare("INSERT INTO settings (key, value) VALUES ('timezone', 'Europe/Copenhagen') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk'").run();
    return { adam, ann, bob };
  }

  const save = (agent: { post: (path: string, form: Record<string, string>, options?: { htmx?: boolean }) => Promise<Response> }, id: number, form: Record<string, string>) =>
    agent.post(`/admin/supporters/${id}/shifts`, form, { htmx: true });
  const rows = () => t.deps.db.prepare('SELECT * FROM shifts ORDER BY supporter_id, weekday, starts_at').all();

  it('reads intervals, and refuses wrong times, overlaps and too many', () => {
    expect(parseIntervals('09:00-12:00, 13:00-17:30')).toEqual([{ startsAt: 540, endsAt: 720 }, { startsAt: 780, endsAt: 1050 }]);
    expect(parseIntervals('22:00-24:00')).toEqual([{ startsAt: 1320, endsAt: 1440 }]);
    expect(parseIntervals('  ')).toEqual([]);
    for (const bad of ['9-17', '17:00-09:00', '09:00-09:00', '24:00-24:30', '09:00-25:00', '09:60-10:00', '<b>09:00-10:00</b>', 'x'.repeat(201)]) {
      expect((parseIntervals(bad) as { key: string }).key, bad).toBe('admin.shifts.invalid');
    }
    expect((parseIntervals('09:00-12:00, 11:00-13:00') as { key: string }).key).toBe('admin.shifts.overlap');
    expect((parseIntervals(Array.from({ length: 7 }, (_, i) => `0${i}:00-0${i}:30`).join(',')) as { key: string }).key).toBe('admin.shifts.tooMany');
  });

  it('keeps a supporter off shift outside their week and on days off, in the team time zone; no shifts is always on', async () => {
    const { adam, ann, bob } = await team();
    // Monday 08:00-09:30 and 11:00-17:00 in Copenhagen: at 10:00 local Ann is between shifts.
    const saved = await save(adam.agent, ann.id, { day_1: '08:00-09:30, 11:00-17:00', day_2: '08:00-17:00' });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('The shifts are saved.');
    expect(offShiftNow(t.deps.db, t.clock.now())).toEqual(new Set([ann.id]));
    t.clock.advance(3600_000); // 11:00 local
    expect(offShiftNow(t.deps.db, t.clock.now())).toEqual(new Set());
    // Today is made a sick day: off all day whatever the week says; removed, she is on again.
    const sick = await adam.agent.post(`/admin/supporters/${ann.id}/days-off`, { day: '2026-01-05', kind: 'sick', note: 'Flu <b>' }, { htmx: true });
    expect(sick.status).toBe(200);
    expect(await sick.text()).toContain('Flu &lt;b&gt;');
    expect(offShiftNow(t.deps.db, t.clock.now())).toEqual(new Set([ann.id]));
    expect((await adam.agent.post(`/admin/supporters/${ann.id}/days-off/2026-01-05/delete`, {}, { htmx: true })).status).toBe(200);
    expect(offShiftNow(t.deps.db, t.clock.now())).toEqual(new Set());
    // Tuesday 08:00-17:00 local; at 16:59 local she works, at 17:00 she does not (an end is exclusive).
    t.clock.set(Date.UTC(2026, 0, 6, 15, 59));
    expect(offShiftNow(t.deps.db, t.clock.now())).toEqual(new Set());
    t.clock.set(Date.UTC(2026, 0, 6, 16, 0));
    expect(offShiftNow(t.deps.db, t.clock.now())).toEqual(new Set([ann.id]));
    expect(offShiftNow(t.deps.db, t.clock.now()).has(bob.id)).toBe(false);
  });

  it('offers nothing to someone off shift, and the team list says so, live when a shift ends', async () => {
    const { adam, ann, bob } = await team();
    await t.agent().join('Vera', 'Help');
    expect(candidatesFor(t.deps.db, 1, t.clock.now())).toEqual([adam.id, ann.id, bob.id]);
    const watch = new ShiftWatch(t.deps);
    watch.check();
    // Ann works Monday until 10:30 Copenhagen time.
    expect((await save(adam.agent, ann.id, { day_1: '08:00-10:30' })).status).toBe(200);
    const me = getSupporter(t.deps.db, bob.id)!;
    const render = deskRenderer(t.deps, me.id, me.role, 'en', deskScope(t.deps.db, me));
    const seen: string[] = [];
    t.deps.hub.subscribe({ topics: ['team'], deliver: (e) => seen.push(render(e)?.html ?? '') });
    expect(candidatesFor(t.deps.db, 1, t.clock.now())).toEqual([adam.id, ann.id, bob.id]);
    t.clock.advance(30 * 60_000);
    watch.check();
    expect(candidatesFor(t.deps.db, 1, t.clock.now())).toEqual([adam.id, bob.id]);
    expect(seen.join('')).toContain('off shift');
    expect(deskSnapshot(t.deps, { ...me, sessionId: 0 } as never, 'en')).toMatch(new RegExp(`id="member-${ann.id}"[^]*?off shift`));
    // She may still claim by choice.
    expect((await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
  });

  it('refuses bad input with a clear message and changes nothing; admins only; forged ids are not found', async () => {
    const { adam, ann, bob } = await team();
    expect((await save(adam.agent, ann.id, { day_1: '09:00-17:00' })).status).toBe(200);
    const before = rows();
    const bad = await save(adam.agent, ann.id, { day_1: '10:00-18:00', day_3: '17:00-09:00' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('each ends after it starts');
    expect(rows()).toEqual(before);
    for (const [form, message] of [
      [{ day: '2026-02-30', kind: 'sick' }, 'Give the day as a date'],
      [{ day: '2025-12-31', kind: 'sick' }, 'today or later'],
      [{ day: '2026-03-01', kind: 'party' }, 'Choose holiday, sick day or day off.'],
      [{ day: '2026-03-01', kind: 'off', note: 'x'.repeat(101) }, 'at most 100'],
    ] as Array<[Record<string, string>, string]>) {
      const res = await adam.agent.post(`/admin/supporters/${ann.id}/days-off`, form, { htmx: true });
      expect(res.status, JSON.stringify(form)).toBe(400);
      expect(await res.text()).toContain(message);
    }
    expect(t.deps.db.prepare('SELECT count(*) FROM shift_exceptions').pluck().get()).toBe(0);
    expect((await adam.agent.post(`/admin/supporters/${ann.id}/days-off/2026-03-01/delete`, {}, { htmx: true })).status).toBe(404);
    expect((await save(bob.agent, ann.id, { day_1: '' })).status).toBe(403);
    expect((await save(adam.agent, 99, { day_1: '' })).status).toBe(404);
    expect((await adam.agent.post(`/admin/supporters/${ann.id}/shifts`, { day_1: '' }, { csrf: 'forged' })).status).toBe(403);
    expect(rows()).toEqual(before);
  });
});
