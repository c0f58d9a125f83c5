import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LEAVE_GRACE_MS, PRESENCE_BATCH_MS, PRESENCE_TICK_MS, PRESENCE_TTL_MS, presenceGraceMs, REFRESH_AFTER_MS } from '../../src/presence/presence.ts';
import { onlineSupporterCount, setStatus } from '../../src/presence/status.ts';
import { openTicket, ticketById } from '../../src/line/tickets.ts';
import type { LineupEvent } from '../../src/realtime/events.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('presence', () => {
  let t: ReturnType<typeof makeTestApp>;
  let seen: LineupEvent[];
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    t = makeTestApp();
    seen = [];
    t.deps.hub.subscribe({ topics: ['team', 'line', 'desks'], deliver: (e) => seen.push(e) });
  });
  afterEach(() => { t.close(); vi.useRealTimers(); });

  it('shows a supporter online while a desk is open and offline shortly after the last one closes', async () => {
    const sam = await t.supporter('Sam');
    t.presence.connected('supporter', sam.id);
    t.presence.connected('supporter', sam.id);
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    expect(onlineSupporterCount(t.deps.db)).toBe(1);
    t.presence.disconnected('supporter', sam.id);
    vi.advanceTimersByTime(LEAVE_GRACE_MS + PRESENCE_BATCH_MS);
    expect(onlineSupporterCount(t.deps.db)).toBe(1); // one desk is still open
    t.presence.disconnected('supporter', sam.id);
    vi.advanceTimersByTime(LEAVE_GRACE_MS - 1000);
    expect(onlineSupporterCount(t.deps.db)).toBe(1); // a reload is not a departure
    vi.advanceTimersByTime(1000 + PRESENCE_BATCH_MS);
    expect(onlineSupporterCount(t.deps.db)).toBe(0);
    expect(seen.filter((e) => e.type === 'supporter.presence').map((e) => e.data.ids)).toEqual([[sam.id], [sam.id]]);
  });

  it('writes many comings and goings in one transaction with one event per audience', async () => {
    const people = [await t.supporter('Ann'), await t.supporter('Bob'), await t.supporter('Cy')];
    for (const p of people) t.presence.connected('supporter', p.id);
    const waiting = [1, 2, 3].map((i) => openTicket(t.deps, { name: `V${i}`, problem: 'Help' }).ticketId);
    for (const id of waiting) t.presence.connected('visitor', id);
    seen.length = 0;
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    expect(onlineSupporterCount(t.deps.db)).toBe(3);
    expect(seen.map((e) => [e.topic, e.type, 'ids' in e.data ? e.data.ids : undefined])).toEqual([
      ['team', 'supporter.presence', people.map((p) => p.id)],
      ['desks', 'visitor.presence', waiting],
    ]);
  });

  it("doesn't flap when a page reloads within the grace period", async () => {
    const sam = await t.supporter('Sam');
    t.presence.connected('supporter', sam.id);
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    t.presence.disconnected('supporter', sam.id);
    vi.advanceTimersByTime(1000);
    t.presence.connected('supporter', sam.id);
    vi.advanceTimersByTime(LEAVE_GRACE_MS * 2);
    expect(onlineSupporterCount(t.deps.db)).toBe(1);
    expect(seen.filter((e) => e.type === 'supporter.presence')).toHaveLength(1);
  });

  it('turns a supporter offline when nothing was heard for the TTL and the grace period (a crashed process)', async () => {
    const sam = await t.supporter('Sam');
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk', last_seen_at = ? WHERE id = ?").run(t.clock.now(), sam.id);
    t.clock.advance(PRESENCE_TTL_MS + presenceGraceMs(t.deps.db) - 1);
    await t.presence.tick();
    expect(onlineSupporterCount(t.deps.db)).toBe(1);
    t.clock.advance(2);
    await t.presence.tick();
    t.presence.flush();
    expect(onlineSupporterCount(t.deps.db)).toBe(0);
  });

  it('keeps a supporter whose desk is open here online however long it stays quiet', async () => {
    const sam = await t.supporter('Sam');
    t.presence.connected('supporter', sam.id);
    t.presence.flush();
    const ages = new Set<number>();
    for (let i = 0; i < 20; i++) {
      t.clock.advance(5_000);
      await t.presence.tick();
      // Last-seen is data other processes can trust: never older than the refresh age and one
      // tick, which stays inside the TTL.
      const age = t.clock.now() - (t.deps.db.prepare('SELECT last_seen_at FROM supporters WHERE id = ?').pluck().get(sam.id) as number);
      expect(age).toBeLessThanOrEqual(REFRESH_AFTER_MS + PRESENCE_TICK_MS);
      ages.add(age);
    }
    expect(onlineSupporterCount(t.deps.db)).toBe(1);
    expect(REFRESH_AFTER_MS + PRESENCE_TICK_MS).toBeLessThan(PRESENCE_TTL_MS);
    // ...and it is not rewritten on every tick.
    expect(ages.size).toBeGreaterThan(1);
  });

  it("tracks whether the visitor is on their ticket page", () => {
    const { ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    t.presence.connected('visitor', ticketId);
    t.presence.flush();
    expect(ticketById(t.deps.db, ticketId).visitorOnline).toBe(true);
    t.presence.disconnected('visitor', ticketId);
    vi.advanceTimersByTime(LEAVE_GRACE_MS + PRESENCE_BATCH_MS);
    expect(ticketById(t.deps.db, ticketId).visitorOnline).toBe(false);
  });

  it('keeps a status message bounded and a status from the list', async () => {
    const sam = await t.supporter('Sam');
    expect(() => setStatus(t.deps, sam.id, { status: 'asleep', message: '' })).toThrow('Choose available or away.');
    expect(() => setStatus(t.deps, sam.id, { status: 'away', message: 'x'.repeat(141) })).toThrow(/at most 140/);
    setStatus(t.deps, sam.id, { status: 'away', message: '  Back at\n14:00 ' });
    const row = t.deps.db.prepare('SELECT status, status_message AS statusMessage FROM supporters WHERE id = ?').get(sam.id) as { status: string; statusMessage: string };
    expect([row.status, row.statusMessage]).toEqual(['away', 'Back at 14:00']);
  });
});
