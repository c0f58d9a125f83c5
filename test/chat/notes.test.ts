import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMessages } from '../../src/chat/messages.ts';
import { deskRenderer } from '../../src/desk/feed.ts';
import { closeTicket } from '../../src/line/close.ts';
import { eventsSince, latestEventId, type LineupEvent } from '../../src/realtime/events.ts';
import { visitorRenderer } from '../../src/visitor/feed.ts';
import { makeTestApp } from '../helpers/app.ts';

const NOTE = 'Customer is on the legacy plan <b>check billing</b>';

describe('private notes', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  async function claimed() {
    const sam = await t.supporter('Sam');
    const visitor = t.agent();
    const page = await visitor.join('Vera', 'My invoice is wrong');
    expect((await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
    return { sam, visitor, page };
  }

  it("never reaches the visitor's page: not live, not in a replay, not on a reload", async () => {
    const { sam, visitor, page } = await claimed();
    const live: LineupEvent[] = [];
    t.deps.hub.subscribe({ topics: [], ticketId: 1, deliver: (e) => live.push(e) });
    const before = latestEventId(t.deps.db);
    expect((await sam.agent.post('/desk/tickets/1/messages', { body: NOTE, note: '1' }, { htmx: true })).status).toBe(204);
    expect((await sam.agent.post('/desk/tickets/1/messages', { body: 'Let me check that.' }, { htmx: true })).status).toBe(204);

    const render = visitorRenderer(t.deps, 1, page);
    const shown = live.map(render).join('');
    expect(shown).toContain('Let me check that.');
    expect(shown).not.toContain('legacy plan');
    const replay = eventsSince(t.deps.db, { topics: [], ticketId: 1 }, before, latestEventId(t.deps.db)).map(render).join('');
    expect(replay).toContain('Let me check that.');
    expect(replay).not.toContain('legacy plan');
    expect(await (await visitor.get(page)).text()).not.toContain('legacy plan');
    expect(listMessages(t.deps.db, 1).map((m) => m.author)).not.toContain('note');
  });

  it("shows on the holder's desk, live and on a reload, clearly marked and as text", async () => {
    const { sam } = await claimed();
    const desk: LineupEvent[] = [];
    t.deps.hub.subscribe({ topics: [], supporterId: sam.id, deliver: (e) => desk.push(e) });
    await sam.agent.post('/desk/tickets/1/messages', { body: NOTE, note: '1' }, { htmx: true });
    const render = deskRenderer(t.deps, sam.id);
    const pushed = desk.map((e) => render(e)?.html).join('');
    expect(pushed).toContain('hx-target="#log-1"');
    expect(pushed).toContain('Private note');
    expect(pushed).toContain('&lt;b&gt;check billing&lt;/b&gt;');
    const page = await (await sam.agent.get('/desk')).text();
    expect(page).toContain('class="msg msg--note"');
    expect(page).toContain('&lt;b&gt;check billing&lt;/b&gt;');
  });

  it('stays in the transcript for supporters, marked as a note', async () => {
    const { sam } = await claimed();
    await sam.agent.post('/desk/tickets/1/messages', { body: NOTE, note: '1' }, { htmx: true });
    closeTicket(t.deps, 1, sam.id, '');
    const transcript = await (await sam.agent.get('/transcripts/1')).text();
    expect(transcript).toContain('Private note');
    expect(transcript).toContain('legacy plan');
  });

  it('is refused like any message when empty, oversized or not your ticket, and stores nothing', async () => {
    const { sam } = await claimed();
    const bob = await t.supporter('Bob');
    expect((await sam.agent.post('/desk/tickets/1/messages', { body: '  ', note: '1' }, { htmx: true })).status).toBe(400);
    expect((await sam.agent.post('/desk/tickets/1/messages', { body: 'x'.repeat(4001), note: '1' }, { htmx: true })).status).toBe(400);
    expect((await bob.agent.post('/desk/tickets/1/messages', { body: 'sneaky', note: '1' }, { htmx: true })).status).toBe(403);
    expect((await sam.agent.post('/desk/tickets/99/messages', { body: 'ghost', note: '1' }, { htmx: true })).status).toBe(404);
    expect(listMessages(t.deps.db, 1, { withNotes: true }).filter((m) => m.author === 'note')).toEqual([]);
  });
});
