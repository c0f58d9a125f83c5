import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMessages } from '../../src/chat/messages.ts';
import { closeTicket } from '../../src/line/close.ts';
import { ticketById } from '../../src/line/tickets.ts';
import type { LineupEvent } from '../../src/realtime/events.ts';
import { visitorRenderer } from '../../src/visitor/feed.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('ratings', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  async function claimed() {
    const ann = await t.supporter('Ann');
    const visitor = t.agent();
    const page = await visitor.join('Vera', 'Help');
    await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    return { ann, visitor, page };
  }

  it('lets the supporter ask during the chat; the visitor rates with stars and a comment, live on both sides', async () => {
    const { ann, visitor, page } = await claimed();
    expect(await (await visitor.get(page)).text()).not.toContain('How did we do?');
    const seen: LineupEvent[] = [];
    t.deps.hub.subscribe({ topics: [], ticketId: 1, deliver: (e) => seen.push(e) });
    expect((await ann.agent.post('/desk/tickets/1/ask-rating', {}, { htmx: true })).status).toBe(204);
    expect(seen.map(visitorRenderer(t.deps, 1, page)).join('')).toContain('How did we do?');
    const res = await visitor.post(`${page}/rating`, { stars: '4', comment: 'Quick <b>and</b> kind' }, { htmx: true });
    expect(res.status).toBe(204);
    const ticket = ticketById(t.deps.db, 1);
    expect([ticket.rating, ticket.ratingComment]).toEqual([4, 'Quick <b>and</b> kind']);
    expect(listMessages(t.deps.db, 1).at(-1)!.body).toBe('Vera rated this conversation 4 of 5.');
    const desk = await (await ann.agent.get('/desk')).text();
    expect(desk).toContain('<q>Quick &lt;b&gt;and&lt;/b&gt; kind</q>');
    expect(await (await visitor.get(page)).text()).toContain('Thank you for rating us');
  });

  it('offers the rating on close, shows it in the transcript, and takes "No thanks"', async () => {
    const { ann, visitor, page } = await claimed();
    closeTicket(t.deps, 1, ann.id, '');
    expect(await (await visitor.get(page)).text()).toContain('How did we do?');
    await visitor.post(`${page}/rating`, { stars: '5' }, { htmx: true });
    expect(await (await ann.agent.get('/transcripts/1')).text()).toContain('5 of 5');

    const walt = t.agent();
    const waltPage = await walt.join('Walt', 'Other');
    await ann.agent.post('/desk/tickets/2/claim', {}, { htmx: true });
    closeTicket(t.deps, 2, ann.id, '');
    expect((await walt.post(`${waltPage}/rating`, { decline: '1' }, { htmx: true })).status).toBe(204);
    expect(ticketById(t.deps.db, 2)).toMatchObject({ rating: null, ratingDeclined: true });
    expect(await (await walt.get(waltPage)).text()).not.toContain('How did we do?');
  });

  it('refuses bad stars, long comments, rating twice, rating before asked, and forged tickets; nothing changes', async () => {
    const { ann, visitor, page } = await claimed();
    expect((await visitor.post(`${page}/rating`, { stars: '5' }, { htmx: true })).status).toBe(409);
    await ann.agent.post('/desk/tickets/1/ask-rating', {}, { htmx: true });
    for (const stars of ['0', '6', '4.5', '', '5 OR 1=1']) {
      expect((await visitor.post(`${page}/rating`, { stars }, { htmx: true })).status, stars).toBe(400);
    }
    expect((await visitor.post(`${page}/rating`, { stars: '3', comment: 'x'.repeat(1001) }, { htmx: true })).status).toBe(400);
    expect(ticketById(t.deps.db, 1).rating).toBeNull();
    await visitor.post(`${page}/rating`, { stars: '3' }, { htmx: true });
    const again = await visitor.post(`${page}/rating`, { stars: '1' }, { htmx: true });
    expect([again.status, await again.text()]).toEqual([409, 'Thank you, this conversation has already been rated.']);
    expect(ticketById(t.deps.db, 1).rating).toBe(3);
    expect((await t.agent().post('/t/not-a-ticket/rating', { stars: '1' }, { htmx: true })).status).toBe(404);
    const bob = await t.supporter('Bob');
    expect((await bob.agent.post('/desk/tickets/1/ask-rating', {}, { htmx: true })).status).toBe(403);
  });
});
