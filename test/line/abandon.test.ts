import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { listMessages } from '../../src/chat/messages.ts';
import { ABANDON, abandonGoneVisitors, REJOIN, setSettingMinutes, settingMs } from '../../src/line/abandon.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { listLine, openTicket, placeInLine, ticketById } from '../../src/line/tickets.ts';
import { Invalid } from '../../src/lib/errors.ts';
import { LEAVE_GRACE_MS, PRESENCE_BATCH_MS } from '../../src/presence/presence.ts';
import type { LineupEvent } from '../../src/realtime/events.ts';
import { makeTestApp } from '../helpers/app.ts';

const MINUTE = 60_000;

describe('abandoned tickets', () => {
  let t: ReturnType<typeof makeTestApp>;
  let seen: LineupEvent[];
  beforeEach(() => {
    t = makeTestApp();
    seen = [];
    t.deps.hub.subscribe({ topics: ['line'], deliver: (e) => seen.push(e) });
  });
  afterEach(() => { t.close(); vi.useRealTimers(); });

  const line = () => listLine(t.deps.db).tickets.map((x) => x.visitorName);

  it('takes a waiting ticket whose visitor has had no page open for 10 minutes out of the line, with a line in its transcript', async () => {
    const vera = t.agent();
    await vera.join('Vera', 'My invoice is wrong');
    t.clock.advance(1000);
    openTicket(t.deps, { name: 'Walt', problem: 'Cannot sign in' });
    // Neither has a page open: both count from when they joined.
    t.clock.advance(10 * MINUTE - 1000);
    expect(abandonGoneVisitors(t.deps)).toBe(0);
    t.clock.advance(1);
    expect(abandonGoneVisitors(t.deps)).toBe(1);
    expect(line()).toEqual(['Walt']);
    expect(ticketById(t.deps.db, 1).state).toBe('abandoned');
    expect(listMessages(t.deps.db, 1).at(-1)!.body).toBe('Vera had left the page for a while, so the request left the line.');
    expect(seen.filter((e) => e.type === 'ticket.left').map((e) => e.ticketId)).toEqual([1]);
    t.clock.advance(1000);
    expect(abandonGoneVisitors(t.deps)).toBe(1);
    expect(line()).toEqual([]);
  });

  it('never takes out a visitor whose page is open, however long they wait, nor a claimed ticket', async () => {
    const sam = await t.supporter('Sam');
    const { ticketId: open } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    const { ticketId: held } = openTicket(t.deps, { name: 'Walt', problem: 'Help' });
    t.presence.connected('visitor', open);
    t.presence.flush();
    claimTicket(t.deps, held, sam.id);
    t.clock.advance(120 * MINUTE);
    expect(abandonGoneVisitors(t.deps)).toBe(0);
    expect(ticketById(t.deps.db, open).state).toBe('waiting');
    expect(ticketById(t.deps.db, held).state).toBe('claimed');
  });

  it('counts from when the visitor closed their page', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    t.presence.connected('visitor', ticketId);
    t.presence.flush();
    t.clock.advance(30 * MINUTE);
    t.presence.disconnected('visitor', ticketId);
    vi.advanceTimersByTime(LEAVE_GRACE_MS + PRESENCE_BATCH_MS);
    t.clock.advance(10 * MINUTE - 1);
    expect(abandonGoneVisitors(t.deps)).toBe(0);
    t.clock.advance(2);
    expect(abandonGoneVisitors(t.deps)).toBe(1);
  });

  it('puts the ticket back at its old place when the same browser comes back within an hour, and says so', async () => {
    const vera = t.agent();
    const page = await vera.join('Vera', 'My invoice is wrong');
    t.clock.advance(1000);
    openTicket(t.deps, { name: 'Walt', problem: 'Cannot sign in' });
    t.presence.connected('visitor', 2);
    t.presence.flush();
    t.clock.advance(10 * MINUTE + 1);
    abandonGoneVisitors(t.deps);
    expect(line()).toEqual(['Walt']);
    t.clock.advance(60 * MINUTE - 1);
    const html = await (await vera.get(page)).text();
    expect(line()).toEqual(['Vera', 'Walt']);
    expect(placeInLine(t.deps.db, ticketById(t.deps.db, 1))).toBe(1);
    expect(html).toContain('Your place in line: <strong>1</strong>');
    expect(listMessages(t.deps.db, 1).at(-1)!.body).toBe('Vera came back and is in the line again at their old place.');
    expect(seen.filter((e) => e.type === 'ticket.rejoined').map((e) => e.ticketId)).toEqual([1]);
    // Her next message goes in as usual.
    expect((await vera.post(`${page}/messages`, { body: 'Still here' }, { htmx: true })).status).toBe(204);
  });

  it('keeps it ended after the hour: the page says so, takes no messages, and the intake starts a new request', async () => {
    const vera = t.agent();
    const page = await vera.join('Vera', 'My invoice is wrong');
    t.clock.advance(10 * MINUTE + 1);
    abandonGoneVisitors(t.deps);
    t.clock.advance(60 * MINUTE + 1);
    const html = await (await vera.get(page)).text();
    expect(html).toContain('This request left the line while you were away.');
    expect(html).not.toContain('name="body"');
    expect(ticketById(t.deps.db, 1).state).toBe('abandoned');
    expect((await vera.post(`${page}/messages`, { body: 'Hello?' }, { htmx: true })).status).toBe(409);
    expect((await vera.post(`${page}/away`, {}, { htmx: true })).status).toBe(409);
    const intake = await vera.get('/');
    expect(intake.status).toBe(200);
    expect(await intake.text()).toContain('Join the line');
    expect(line()).toEqual([]);
  });

  it('takes a bounded number out per check, and the rest on the next', () => {
    for (let i = 0; i < 250; i++) openTicket(t.deps, { name: `V${i}`, problem: 'Help' });
    t.clock.advance(11 * MINUTE);
    expect(abandonGoneVisitors(t.deps)).toBe(200);
    expect(abandonGoneVisitors(t.deps)).toBe(50);
    expect(listLine(t.deps.db).total).toBe(0);
  });

  it('uses the minutes an admin sets, and refuses anything but whole minutes in range', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const res = await ann.agent.post('/admin/leaving', { grace: '60', abandon: '3', rejoin: '15' });
    expect(res.status).toBe(200);
    expect(settingMs(t.deps.db, ABANDON)).toBe(3 * MINUTE);
    expect(settingMs(t.deps.db, REJOIN)).toBe(15 * MINUTE);
    for (const bad of ['0', '241', '-1', '2.5', '1e2', '', 'ten', undefined, ['3']]) {
      expect(() => setSettingMinutes(t.deps.db, ABANDON, bad, 'abandon'), String(bad)).toThrow(Invalid);
    }
    const refused = await ann.agent.post('/admin/leaving', { grace: '60', abandon: '3', rejoin: '99999' });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Give a whole number of minutes from 1 to 1440.');
    expect(settingMs(t.deps.db, REJOIN)).toBe(15 * MINUTE);
    // Supporters may not change it.
    const sam = await t.supporter('Sam');
    expect((await sam.agent.post('/admin/leaving', { grace: '60', abandon: '1', rejoin: '1' })).status).toBe(403);
    expect(settingMs(t.deps.db, ABANDON)).toBe(3 * MINUTE);
  });
});
