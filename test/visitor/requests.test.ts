import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listMessages } from '../../src/chat/messages.ts';
import { setAway } from '../../src/line/away.ts';
import { ticketById } from '../../src/line/tickets.ts';
import { makeTestApp } from '../helpers/app.ts';

describe('a visitor with several requests', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const count = () => t.deps.db.prepare('SELECT count(*) FROM tickets').pluck().get() as number;

  it('opens a second ticket for a second request from the same browser, and keeps both texts', async () => {
    const vera = t.agent();
    const first = await vera.join('Vera', 'My invoice is wrong');
    const second = await vera.join('Vera', 'Also: how do I change my address?');
    expect(second).not.toBe(first);
    expect([1, 2].map((id) => ticketById(t.deps.db, id).problem)).toEqual(['My invoice is wrong', 'Also: how do I change my address?']);
    expect(listMessages(t.deps.db, 2)[0]!.body).toBe('Also: how do I change my address?');
    // The intake leads back to the newest; each page lists both and offers a new request.
    expect((await vera.get('/')).headers.get('Location')).toBe(second);
    const page = await (await vera.get(first)).text();
    expect(page).toContain(`<a href="${first}" aria-current="page">Request 1</a>`);
    expect(page).toContain(`<a href="${second}">Request 2</a>`);
    expect(page).toContain('>New request</a>');
  });

  it('takes a resend of the same request (a double click) as the one ticket', async () => {
    const vera = t.agent();
    const first = await vera.join('Vera', 'My invoice is wrong');
    expect(await vera.join('Vera', 'My invoice is wrong')).toBe(first);
    expect(count()).toBe(1);
  });

  it('refuses a fourth open request clearly, lists the open ones, and stores nothing', async () => {
    const vera = t.agent();
    const pages = [await vera.join('Vera', 'One'), await vera.join('Vera', 'Two'), await vera.join('Vera', 'Three')];
    const refused = await vera.post('/tickets', { name: 'Vera', email: '', problem: 'Four' });
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain('You already have 3 open requests.');
    for (const page of pages) expect(html).toContain(`href="${page}"`);
    expect(count()).toBe(3);
    expect(ticketById(t.deps.db, 3).state).toBe('waiting');
    // Once one is closed, there is room again; the page no longer offers a new request while full.
    expect(await (await vera.get(pages[0]!)).text()).not.toContain('>New request</a>');
    expect((await vera.post(`${pages[0]}/leave`, {}, { htmx: true })).status).toBe(204);
    await vera.join('Vera', 'Four');
    expect(count()).toBe(4);
  });

  it('ignores a forged or tampered ticket cookie', async () => {
    const vera = t.agent();
    await vera.join('Vera', 'My invoice is wrong');
    vera.cookies.set('lineup_ticket', `${'A'.repeat(43)}.<script>.${'x'.repeat(500)}`);
    const res = await vera.get('/');
    expect(res.status).toBe(200);
    expect(await vera.join('Vera', 'Another question')).toMatch(/^\/t\//);
  });

  it('groups a visitor\'s waiting requests on the desk, and Claim all takes every one that may be taken', async () => {
    const sam = await t.supporter('Sam');
    const bob = await t.supporter('Bob');
    const vera = t.agent();
    await vera.join('Vera', 'One');
    await t.agent().join('Walt', 'Unrelated');
    await vera.join('Vera', 'Two');
    await vera.join('Vera', 'Three');
    const desk = await (await sam.agent.get('/desk')).text();
    expect(desk).toContain('and 2 more from Vera');
    expect(desk.match(/>Claim all</g)).toHaveLength(3);
    // Walt's row has no "Claim all".
    expect(desk.match(/id="line-2"[\s\S]*?<\/li>/)![0]).not.toContain('Claim all');
    setAway(t.deps, ticketById(t.deps.db, 4), true);
    expect((await bob.agent.post('/desk/tickets/3/claim', {}, { htmx: true })).status).toBe(200);
    const res = await sam.agent.post('/desk/tickets/1/claim-all', {}, { htmx: true });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('You claimed 1 request from Vera.');
    expect([1, 2, 3, 4].map((id) => [ticketById(t.deps.db, id).state, ticketById(t.deps.db, id).supporterId])).toEqual([
      ['claimed', sam.id], ['waiting', null], ['claimed', bob.id], ['waiting', null],
    ]);
    // Nothing left to take: a clear refusal.
    const none = await sam.agent.post('/desk/tickets/3/claim-all', {}, { htmx: true });
    expect(none.status).toBe(409);
    expect((await t.agent().post('/desk/tickets/1/claim-all', {}, { htmx: true })).status).toBe(401);
    expect((await sam.agent.post('/desk/tickets/999/claim-all', {}, { htmx: true })).status).toBe(404);
  });
});
