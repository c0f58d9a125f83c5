import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GRACE_DEFAULT_S, LEAVE_GRACE_MS, PING_MS, PRESENCE_BATCH_MS, presenceGraceMs, setPresenceGrace, SILENT_MS } from '../../src/presence/presence.ts';
import { Invalid } from '../../src/lib/errors.ts';
import { onlineSupporterCount, stepAway } from '../../src/presence/status.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { openTicket, ticketById, tabsOf } from '../../src/line/tickets.ts';
import { listMessages } from '../../src/chat/messages.ts';
import { postMessage } from '../../src/chat/messages.ts';
import { makeTestApp } from '../helpers/app.ts';
import { readStream } from '../helpers/sse.ts';

const TICK_MS = 5_000;

describe('a desk that is really there', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    t = makeTestApp();
  });
  afterEach(() => { t.close(); vi.useRealTimers(); });

  /** A desk stream as the route registers it, recording the named events pushed to it. */
  function openDesk(supporterId: number) {
    const pings: string[] = [];
    const leave = t.whispers.join(`desk:${supporterId}`, (_html, event) => { if (event) pings.push(event); });
    t.presence.connected('supporter', supporterId, { answersPings: true });
    t.presence.flush();
    const close = () => { leave(); t.presence.disconnected('supporter', supporterId, { answersPings: true }); };
    return { pings, close };
  }

  /** Moves time on as the server does: pings every second, a presence tick every five. */
  async function tickFor(ms: number, answer?: () => void) {
    for (let waited = 1000; waited <= ms; waited += 1000) {
      t.clock.advance(1000);
      t.presence.ping();
      answer?.();
      if (waited % TICK_MS === 0) await t.presence.tick();
      vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    }
  }

  async function claimedBy(name: string) {
    const sam = await t.supporter(name);
    const { ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'The invoice is wrong' });
    claimTicket(t.deps, ticketId, sam.id);
    postMessage(t.deps, ticketId, { kind: 'supporter', supporterId: sam.id }, 'Let me look at that invoice.');
    return { sam, ticketId };
  }

  it('asks desks that fell quiet together over a few seconds, each once, not all in one second', () => {
    const desks = Array.from({ length: 100 }, (_, i) => openDesk(1000 + i));
    t.clock.advance(PING_MS);
    const asked = () => desks.filter((d) => d.pings.length > 0).length;
    t.presence.ping();
    // Twice the even share of one second: 2 × 100 desks × 1 s / 10 s.
    expect(asked()).toBe(20);
    for (let second = 1; second < 5; second++) {
      t.clock.advance(1000);
      t.presence.ping();
    }
    expect(asked()).toBe(100);
    expect(desks.every((d) => d.pings.length === 1)).toBe(true);
    // All of them well before a desk that does not answer counts as gone.
    expect(PING_MS + 5000).toBeLessThan(SILENT_MS);
    for (const d of desks) d.close();
  });

  it('pings an open desk over its stream and keeps it online while it answers', async () => {
    const { sam, ticketId } = await claimedBy('Sam');
    const desk = openDesk(sam.id);
    let answered = 0;
    // The page answers each ping it gets, and does nothing else.
    await tickFor(10 * 60_000, () => {
      if (desk.pings.length > answered) { answered = desk.pings.length; t.presence.heardFrom(sam.id); }
    });
    expect(desk.pings.length).toBeGreaterThanOrEqual((10 * 60_000) / PING_MS - 1);
    expect(desk.pings.every((e) => e === 'lineup:ping')).toBe(true);
    expect(onlineSupporterCount(t.deps.db)).toBe(1);
    expect(ticketById(t.deps.db, ticketId).state).toBe('claimed');
  });

  it('does not ping a busy desk: anything it sends shows someone is there', async () => {
    const { sam, ticketId } = await claimedBy('Sam');
    const desk = openDesk(sam.id);
    await tickFor(2 * 60_000, () => t.presence.heardFrom(sam.id));
    expect(desk.pings).toEqual([]);
    expect(ticketById(t.deps.db, ticketId).state).toBe('claimed');
  });

  const placeOf = (id: number) => t.deps.db.prepare('SELECT place FROM supporters WHERE id = ?').pluck().get(id);

  it('takes a silent desk off the desk within 30 seconds, and gives its tickets back once the grace period since it was last heard is over, keeping what was said', async () => {
    const { sam, ticketId } = await claimedBy('Sam');
    openDesk(sam.id);
    // The connection stays open (a dropped network does not close it), but nothing answers.
    await tickFor(SILENT_MS + TICK_MS);
    expect(SILENT_MS + TICK_MS).toBeLessThanOrEqual(30_000);
    expect(onlineSupporterCount(t.deps.db)).toBe(0);
    expect(placeOf(sam.id)).toBe('gone');
    expect(ticketById(t.deps.db, ticketId).state).toBe('claimed');
    // The grace period counts from when the desk was last heard (SILENT_MS before silence was
    // noticed), not from the notice: a minute in all, not a minute and twenty seconds.
    vi.advanceTimersByTime(presenceGraceMs(t.deps.db) - SILENT_MS - TICK_MS);
    t.presence.flush();
    expect(ticketById(t.deps.db, ticketId).state).toBe('claimed');
    vi.advanceTimersByTime(TICK_MS + PRESENCE_BATCH_MS);
    expect(placeOf(sam.id)).toBe('offline');
    const ticket = ticketById(t.deps.db, ticketId);
    expect([ticket.state, ticket.supporterId]).toEqual(['waiting', null]);
    const said = listMessages(t.deps.db, ticketId).map((m) => [m.author, m.body]);
    expect(said).toContainEqual(['supporter', 'Let me look at that invoice.']);
    expect(said.at(-1)).toEqual(['system', 'Your supporter had to leave. You are back in the line at your old place.']);
  });

  it('brings a desk that answers again back onto the desk, its tickets kept within the grace period', async () => {
    const { sam, ticketId } = await claimedBy('Sam');
    openDesk(sam.id);
    await tickFor(SILENT_MS + TICK_MS);
    expect(onlineSupporterCount(t.deps.db)).toBe(0);
    t.presence.heardFrom(sam.id);
    t.presence.flush();
    expect(onlineSupporterCount(t.deps.db)).toBe(1);
    vi.advanceTimersByTime(presenceGraceMs(t.deps.db) * 2);
    expect(ticketById(t.deps.db, ticketId).state).toBe('claimed');
  });

  it('brings a desk that answers after the grace period back online, but its tickets stay in the line', async () => {
    const { sam, ticketId } = await claimedBy('Sam');
    openDesk(sam.id);
    await tickFor(SILENT_MS + TICK_MS);
    vi.advanceTimersByTime(presenceGraceMs(t.deps.db) + PRESENCE_BATCH_MS);
    expect(ticketById(t.deps.db, ticketId).state).toBe('waiting');
    t.presence.heardFrom(sam.id);
    t.presence.flush();
    expect(onlineSupporterCount(t.deps.db)).toBe(1);
    expect(ticketById(t.deps.db, ticketId).state).toBe('waiting');
  });

  it('keeps the tickets of a closed desk for the grace period, then puts them back in the line', async () => {
    const { sam, ticketId } = await claimedBy('Sam');
    const desk = openDesk(sam.id);
    desk.close();
    vi.advanceTimersByTime(LEAVE_GRACE_MS + PRESENCE_BATCH_MS);
    expect(onlineSupporterCount(t.deps.db)).toBe(0);
    expect(placeOf(sam.id)).toBe('gone');
    vi.advanceTimersByTime(presenceGraceMs(t.deps.db) - LEAVE_GRACE_MS - PRESENCE_BATCH_MS - 1);
    expect(ticketById(t.deps.db, ticketId).state).toBe('claimed');
    vi.advanceTimersByTime(1 + PRESENCE_BATCH_MS);
    expect(ticketById(t.deps.db, ticketId).state).toBe('waiting');
  });

  it('keeps a supporter who goes from the desk to another staff page present, with their tickets, however long they stay there', async () => {
    const { sam, ticketId } = await claimedBy('Sam');
    const desk = openDesk(sam.id);
    desk.close();
    vi.advanceTimersByTime(800);
    const leave = t.whispers.join(`desk:${sam.id}`, () => {});
    t.presence.connected('supporter', sam.id, { answersPings: true, elsewhere: true });
    await tickFor(10 * 60_000, () => t.presence.heardFrom(sam.id));
    vi.advanceTimersByTime(10 * presenceGraceMs(t.deps.db));
    t.presence.flush();
    expect(placeOf(sam.id)).toBe('elsewhere');
    // Elsewhere is not on the desk: no new tickets (the intake counts only desks).
    expect(onlineSupporterCount(t.deps.db)).toBe(0);
    expect(ticketById(t.deps.db, ticketId).state).toBe('claimed');
    // Back on the desk: at once.
    openDesk(sam.id);
    expect(placeOf(sam.id)).toBe('desk');
    leave();
  });

  it('uses the grace period the admin set', async () => {
    const { sam, ticketId } = await claimedBy('Sam');
    expect(setPresenceGrace(t.deps.db, '180')).toBe(180);
    openDesk(sam.id).close();
    vi.advanceTimersByTime(180_000 - 1);
    t.presence.flush();
    expect(ticketById(t.deps.db, ticketId).state).toBe('claimed');
    vi.advanceTimersByTime(1 + PRESENCE_BATCH_MS);
    expect(ticketById(t.deps.db, ticketId).state).toBe('waiting');
  });

  it('refuses a grace period that is not a whole number of seconds from 10 to 3600, and keeps the old one', () => {
    for (const bad of ['9', '3601', '-5', '1e3', '60.5', '', ' ', 'sixty', '60; DROP TABLE settings', undefined, null, ['60']]) {
      expect(() => setPresenceGrace(t.deps.db, bad), String(bad)).toThrow(Invalid);
    }
    expect(presenceGraceMs(t.deps.db)).toBe(GRACE_DEFAULT_S * 1000);
    expect(setPresenceGrace(t.deps.db, ' 10 ')).toBe(10);
    expect(presenceGraceMs(t.deps.db)).toBe(10_000);
  });

  it('gives the tickets back at once when the supporter signs out, without the grace period', async () => {
    const { sam, ticketId } = await claimedBy('Sam');
    const desk = openDesk(sam.id);
    t.presence.signOut(sam.id);
    desk.close();
    vi.advanceTimersByTime(PRESENCE_BATCH_MS);
    expect(placeOf(sam.id)).toBe('offline');
    expect(ticketById(t.deps.db, ticketId).state).toBe('waiting');
  });

  it('keeps the tickets of a supporter who signed out in one browser while a page of another stays open', async () => {
    const { sam, ticketId } = await claimedBy('Sam');
    const here = openDesk(sam.id);
    openDesk(sam.id);
    t.presence.signOut(sam.id);
    here.close();
    vi.advanceTimersByTime(presenceGraceMs(t.deps.db) * 2);
    expect(placeOf(sam.id)).toBe('desk');
    expect(ticketById(t.deps.db, ticketId).state).toBe('claimed');
  });

  it('puts the tickets back at once on "Away, give my tickets back", and says the supporter is away', async () => {
    const { sam, ticketId } = await claimedBy('Sam');
    openDesk(sam.id);
    stepAway(t.deps, sam.id);
    expect(ticketById(t.deps.db, ticketId).state).toBe('waiting');
    expect(t.deps.db.prepare('SELECT status FROM supporters WHERE id = ?').pluck().get(sam.id)).toBe('away');
  });

  it('keeps the tabs of a supporter who only reloads', async () => {
    const { sam, ticketId } = await claimedBy('Sam');
    const before = openDesk(sam.id);
    before.close();
    vi.advanceTimersByTime(1_000);
    openDesk(sam.id);
    vi.advanceTimersByTime(LEAVE_GRACE_MS * 2);
    await tickFor(SILENT_MS, () => t.presence.heardFrom(sam.id));
    expect(tabsOf(t.deps.db, sam.id).map((tab) => tab.id)).toEqual([ticketId]);
    expect(onlineSupporterCount(t.deps.db)).toBe(1);
  });

  it('ignores an answer from a supporter with no desk open', async () => {
    const sam = await t.supporter('Sam');
    t.presence.heardFrom(sam.id);
    t.presence.flush();
    expect(onlineSupporterCount(t.deps.db)).toBe(0);
  });
});

describe('desk pings over HTTP', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('pings a quiet desk as a named event, skips one that just sent something, and takes the answer', async () => {
    const sam = await t.supporter('Sam');
    const stream = await sam.agent.get('/desk/stream');
    await readStream(stream, 50);
    t.clock.advance(PING_MS);
    expect((await sam.agent.post('/desk/team/messages', { body: 'back from lunch' }, { htmx: true })).status).toBe(204);
    t.presence.ping();
    expect(await readStream(stream, 100)).not.toContain('lineup:ping');
    t.clock.advance(PING_MS);
    t.presence.ping();
    expect(await readStream(stream, 200)).toContain('event: lineup:ping');
    expect((await sam.agent.post('/desk/alive', {}, { htmx: true })).status).toBe(204);
    expect((await t.agent().post('/desk/alive', {}, { htmx: true })).status).toBe(401);
    await stream.body!.cancel();
  });
});
