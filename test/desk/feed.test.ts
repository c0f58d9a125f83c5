import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskData, deskRenderer } from '../../src/desk/feed.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { LINE_SHOWN, openTicket } from '../../src/line/tickets.ts';
import type { LineupEvent } from '../../src/realtime/events.ts';
import { setSupporterEnabled } from '../../src/supporters/accounts.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('the desk feed', () => {
  let t: ReturnType<typeof makeTestApp>;
  let seen: LineupEvent[];
  beforeEach(() => {
    t = makeTestApp();
    seen = [];
    t.deps.hub.subscribe({ topics: ['line', 'team'], deliver: (e) => seen.push(e) });
  });
  afterEach(() => t.close());

  it('keeps the live line to the same first rows a reload shows when a ticket returns ahead of others', async () => {
    const admin = await t.supporter('Ada', 'admin');
    const sam = await t.supporter('Sam');
    t.deps.db.transaction(() => {
      for (let i = 0; i <= LINE_SHOWN; i++) openTicket(t.deps, { name: `V${i}`, problem: 'Help' });
    })();
    claimTicket(t.deps, 1, sam.id);
    const render = deskRenderer(t.deps, admin.id);
    seen.length = 0;
    setSupporterEnabled(t.deps, admin.id, sam.id, false); // ticket 1 goes back, ahead of everyone
    const released = seen.find((e) => e.type === 'ticket.released')!;
    const html = render(released)!.html;
    expect(html).toContain('hx-target="#line-list" hx-swap="beforeend"');
    expect(html).toContain('id="line-1"');
    // Ticket 501 was the last shown; now it is pushed out of the shown part.
    const lastShown = deskData(t.deps, admin).line.tickets.at(-1)!.id;
    expect(lastShown).toBe(LINE_SHOWN);
    expect(html).toContain(`hx-target="#line-${LINE_SHOWN + 1}" hx-swap="delete"`);
    expect(html).toContain(`Showing the first ${LINE_SHOWN} of ${LINE_SHOWN + 1}.`);
  });

  it('redraws only shown rows when visitors come and go (a restart reconnects them all at once)', async () => {
    const admin = await t.supporter('Ada', 'admin');
    t.deps.db.transaction(() => {
      for (let i = 0; i < LINE_SHOWN + 20; i++) openTicket(t.deps, { name: `V${i}`, problem: 'Help' });
    })();
    const hidden = LINE_SHOWN + 10;
    const event: LineupEvent = { id: 1_000_000, topic: 'desks', type: 'visitor.presence', ticketId: null, supporterId: null, data: { ids: [2, hidden] }, createdAt: Date.now() };
    const html = deskRenderer(t.deps, admin.id)(event)!.html;
    expect(html).toContain('id="line-2"');
    expect(html).not.toContain(`line-${hidden}`);
  });

  it('orders the team the way the page orders members that arrive live, even with equal names', async () => {
    const me = await t.supporter('Zed');
    for (const name of ['ann', 'Bob', 'Ann', 'Åse']) {
      const { addSupporter } = await import('../../src/supporters/accounts.ts');
      await addSupporter(t.deps, { name, email: `${Math.random().toString(36).slice(2)}@example.com`, password: 'long enough pw', role: 'supporter' });
    }
    const team = deskData(t.deps, me).team;
    const keys = team.map((s) => `${s.name.toLowerCase()}\u0001${String(s.id).padStart(16, '0')}`);
    expect(keys).toEqual([...keys].sort());
    expect(team.map((s) => s.name).slice(0, 2)).toEqual(['ann', 'Ann']);
  });
});
