import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMessages } from '../../src/chat/messages.ts';
import { closeTicket } from '../../src/line/close.ts';
import { ticketById } from '../../src/line/tickets.ts';
import type { LineupEvent } from '../../src/realtime/events.ts';
import { visitorRenderer } from '../../src/visitor/feed.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('escalating to a meeting room', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp({ MEETING_URL_TEMPLATE: 'https://meet.example.org/rooms/{room}?lang=en' }); });
  afterEach(() => t.close());

  async function claimed(name = 'Vera') {
    const ann = await t.supporter('Ann');
    const visitor = t.agent();
    const page = await visitor.join(name, 'Help');
    await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    return { ann, visitor, page };
  }

  it('gives both sides the same unguessable room from the template, live, and records it on the ticket', async () => {
    const { ann, visitor, page } = await claimed();
    const seen: LineupEvent[] = [];
    t.deps.hub.subscribe({ topics: [], ticketId: 1, deliver: (e) => seen.push(e) });
    expect((await ann.agent.post('/desk/tickets/1/escalate', {}, { htmx: true })).status).toBe(204);
    const url = ticketById(t.deps.db, 1).meetingUrl!;
    expect(url).toMatch(/^https:\/\/meet\.example\.org\/rooms\/Lineup-[0-9a-f]{32}\?lang=en$/);
    const pushed = seen.map(visitorRenderer(t.deps, 1, page)).join('');
    expect(pushed).toContain('Join the video meeting');
    expect(pushed).toContain(`href="${url.replace('&', '&amp;')}"`);
    expect(listMessages(t.deps.db, 1).at(-1)!.body).toBe(`Ann opened a video meeting for this conversation: ${url}`);
    expect(await (await visitor.get(page)).text()).toContain('rel="noopener noreferrer">Join the video meeting</a>');
    expect(await (await ann.agent.get('/desk')).text()).toContain(`href="${url}"`);
    // Asking again keeps the same room.
    await ann.agent.post('/desk/tickets/1/escalate', {}, { htmx: true });
    expect(ticketById(t.deps.db, 1).meetingUrl).toBe(url);
    closeTicket(t.deps, 1, ann.id, '');
    const transcript = await (await ann.agent.get('/transcripts/1')).text();
    expect(transcript).toContain('Escalated at');
    expect(transcript).toContain(url);
  });

  it('makes a different room for every ticket', async () => {
    const { ann } = await claimed();
    await t.agent().join('Walt', 'Help too');
    await ann.agent.post('/desk/tickets/2/claim', {}, { htmx: true });
    await ann.agent.post('/desk/tickets/1/escalate', {}, { htmx: true });
    await ann.agent.post('/desk/tickets/2/escalate', {}, { htmx: true });
    expect(ticketById(t.deps.db, 1).meetingUrl).not.toBe(ticketById(t.deps.db, 2).meetingUrl);
  });

  it("refuses someone else's ticket, a forged id, a closed ticket and a forged form, and changes nothing", async () => {
    const { ann } = await claimed();
    const bob = await t.supporter('Bob');
    const refused = await bob.agent.post('/desk/tickets/1/escalate', {}, { htmx: true });
    expect([refused.status, await refused.text()]).toEqual([403, 'Only the supporter who holds this ticket can start a meeting.']);
    expect((await ann.agent.post('/desk/tickets/77/escalate', {}, { htmx: true })).status).toBe(404);
    expect((await ann.agent.post('/desk/tickets/1/escalate', {}, { htmx: true, csrf: 'x' })).status).toBe(403);
    expect(ticketById(t.deps.db, 1).meetingUrl).toBeNull();
    closeTicket(t.deps, 1, ann.id, '');
    expect((await ann.agent.post('/desk/tickets/1/escalate', {}, { htmx: true })).status).toBe(409);
    expect(ticketById(t.deps.db, 1).meetingUrl).toBeNull();
  });

  it('refuses a meeting template that is not an http(s) URL with {room}', () => {
    expect(() => makeTestApp({ MEETING_URL_TEMPLATE: 'javascript:alert(1)//{room}' })).toThrow(/MEETING_URL_TEMPLATE/);
    expect(() => makeTestApp({ MEETING_URL_TEMPLATE: 'https://meet.example.org/fixed' })).toThrow(/MEETING_URL_TEMPLATE/);
  });
});
