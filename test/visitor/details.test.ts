import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deskRenderer } from '../../src/desk/feed.ts';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { eventsAfter } from '../../src/realtime/events.ts';
import { parseUserAgent } from '../../src/visitor/agent.ts';
import { makeTestApp } from '../helpers/app.ts';
import { agentAt, joinWith, panelOf, UA } from './visitor-agents.ts';

const HINTS = {
  language: 'de-DE', timezone: 'Asia/Kolkata', screen: '1920x1080',
  came_from: 'https://shop.example/cart?x=<b>1</b>&y="2"', current_page: 'http://localhost/',
};

type Row = Record<string, unknown>;
const ticketRow = (t: ReturnType<typeof makeTestApp>, id: number) => t.deps.db.prepare(
  `SELECT visitor_key, visitor_ip, visitor_agent, visitor_language, visitor_timezone, visitor_screen, came_from, current_page,
          comment, custom_fields FROM tickets WHERE id = ?`).get(id) as Row;

describe('the visitor details panel', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());
  const detailEvents = () => eventsAfter(t.deps.db, 0, 10_000).filter((e) => e.type === 'ticket.details');
  const eventCount = () => eventsAfter(t.deps.db, 0, 10_000).length;

  /** A visitor joins from 203.0.113.7 with the usual hints; Sam claims the ticket. */
  async function claimedVisitor(fields: Record<string, string> = HINTS, headers: Record<string, string> = { 'User-Agent': UA.chromeWindows }) {
    const sam = await t.supporter('Sam');
    const visitor = agentAt(t, '203.0.113.7');
    const res = await joinWith(visitor, fields, headers);
    expect(res.status).toBe(303);
    const id = (t.deps.db.prepare('SELECT max(id) AS id FROM tickets').get() as { id: number }).id;
    claimTicket(t.deps, id, sam.id);
    return { sam, visitor, id };
  }
  const deskPanel = async (agent: { get: (p: string) => Promise<Response> }, id: number) => panelOf(await (await agent.get('/desk')).text(), id);

  it('stores what the browser tells at intake and shows it to the supporter who holds the ticket', async () => {
    const { sam, visitor, id } = await claimedVisitor();
    const row = ticketRow(t, id);
    expect(row).toMatchObject({
      visitor_ip: '203.0.113.7', visitor_agent: UA.chromeWindows, visitor_language: 'de-DE', visitor_timezone: 'Asia/Kolkata',
      visitor_screen: '1920x1080', came_from: HINTS.came_from, current_page: 'http://localhost/', comment: '', custom_fields: '{}',
    });
    expect(row.visitor_key).toBe(visitor.cookies.get('lineup_visitor'));
    const firstSeen = t.deps.db.prepare('SELECT first_seen_at FROM visitors WHERE key = ?').pluck().get(row.visitor_key);
    expect(firstSeen).toBe(t.clock.now());

    const panel = await deskPanel(sam.agent, id);
    for (const text of ['Chrome 124', 'Windows 10/11', '1920 × 1080', 'de-DE', '203.0.113.7', 'First visit', 'Not on the page']) {
      expect(panel).toContain(text);
    }
    expect(panel).toContain('data-visitor-zone="Asia/Kolkata"');
    // The referrer is a link that opens apart from the desk, its markup shown as text.
    expect(panel).toContain('<a href="https://shop.example/cart?x=&lt;b&gt;1&lt;/b&gt;&amp;y=&quot;2&quot;" target="_blank" rel="noopener noreferrer"');
    expect(panel).not.toContain('<b>1</b>');
    expect(panel).not.toContain('Customer card'); // no template configured
  });

  it('drops hostile or malformed hints and shows the user agent only as text', async () => {
    const hostileAgent = '<script>alert(1)</script> Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0\u0007';
    const { sam, id } = await claimedVisitor({
      language: '<img src=x>', timezone: 'Mars/Olympus_Mons', screen: '1920x1080<script>',
      came_from: 'javascript:alert(1)', current_page: 'data:text/html,<script>alert(1)</script>',
    }, { 'User-Agent': hostileAgent, 'Accept-Language': 'fr-CA,fr;q=0.8' });
    expect(ticketRow(t, id)).toMatchObject({
      visitor_language: 'fr-CA', visitor_timezone: null, visitor_screen: null, came_from: null, current_page: null,
      visitor_agent: hostileAgent.slice(0, -1),
    });
    const panel = await deskPanel(sam.agent, id);
    expect(panel).not.toContain('<script>');
    expect(panel).not.toContain('javascript:');
    expect(panel).not.toContain('Came from');
    expect(panel).toContain('Firefox 125');
    expect(panel).toContain('Linux');
  });

  it('shows page addresses readable, but keeps escaped what would hide or reorder characters', async () => {
    const { sam, id } = await claimedVisitor({ came_from: 'https://shop.example/caf%C3%A9?q=%3Cb%3E', current_page: 'https://shop.example/x%E2%80%AEtxt.exe' });
    const panel = await deskPanel(sam.agent, id);
    expect(panel).toContain('>shop.example/café?q=&lt;b&gt;</a>');
    expect(panel).toContain('href="https://shop.example/caf%C3%A9?q=%3Cb%3E"');
    expect(panel).toContain('>shop.example/x%E2%80%AEtxt.exe</a>');
    expect(panel).not.toContain('\u202E');
  });

  it('keeps page addresses without fragments or query parameters that look like secrets', async () => {
    const { id } = await claimedVisitor({
      came_from: 'https://shop.example/reset?access_token=abc123&lang=da&resetCode=9f&X-Api-Key=k#section',
      current_page: 'https://shop.example/search?keyword=shoes&postcode=2100&session_id=s1&email=vera%40example.com',
    });
    expect(ticketRow(t, id)).toMatchObject({
      came_from: 'https://shop.example/reset?lang=da',
      current_page: 'https://shop.example/search?keyword=shoes&postcode=2100',
    });
  });

  it('drops overlong hints: a 301-character agent is cut, a 501-character page address is left out', async () => {
    const { id } = await claimedVisitor({ came_from: `https://shop.example/${'a'.repeat(480)}`, timezone: `Europe/${'x'.repeat(60)}` },
      { 'User-Agent': 'x'.repeat(301) });
    expect(ticketRow(t, id)).toMatchObject({ came_from: null, visitor_timezone: null, visitor_agent: 'x'.repeat(300) });
  });

  it('gives a browser one visitor key and replaces a malformed one', async () => {
    const visitor = t.agent();
    const first = await visitor.get('/');
    expect(first.headers.getSetCookie().find((c) => c.startsWith('lineup_visitor='))).toMatch(/Max-Age=31536000.*HttpOnly/);
    const key = visitor.cookies.get('lineup_visitor');
    expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await visitor.get('/');
    expect(again.headers.getSetCookie().some((c) => c.startsWith('lineup_visitor='))).toBe(false);
    visitor.cookies.set('lineup_visitor', 'not-a-key');
    await visitor.get('/');
    expect(visitor.cookies.get('lineup_visitor')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // A first ticket without a page visit gets a key too.
    const direct = t.agent();
    await direct.join('Vera', 'Help');
    expect(direct.cookies.get('lineup_visitor')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('lists earlier tickets of the same visitor, newest first and linked when closed, and not another visitor\'s', async () => {
    const sam = await t.supporter('Sam');
    const vera = t.agent();
    await vera.join('Vera', 'The invoice total is wrong');
    claimTicket(t.deps, 1, sam.id);
    closeTicket(t.deps, 1, sam.id, '');
    t.clock.advance(60_000);
    await vera.get('/'); // the closed ticket no longer holds her
    await vera.post('/tickets', { name: 'Vera', problem: 'The <b>second</b> problem' });
    claimTicket(t.deps, 2, sam.id);
    closeTicket(t.deps, 2, sam.id, '');
    await t.agent().join('Olga', 'Someone else entirely');
    await vera.post('/tickets', { name: 'Vera', problem: 'Third time' });
    claimTicket(t.deps, 4, sam.id);

    const panel = await deskPanel(sam.agent, 4);
    expect(panel).toContain('Earlier tickets (2)');
    const second = panel.indexOf('href="/transcripts/2"');
    const first = panel.indexOf('href="/transcripts/1"');
    expect(second).toBeGreaterThan(0);
    expect(first).toBeGreaterThan(second);
    expect(panel).toContain('The &lt;b&gt;second&lt;/b&gt; problem');
    expect(panel).not.toContain('Someone else entirely');
    expect(panel).not.toContain('/transcripts/3');
    expect(panel).not.toContain('/transcripts/4');
  });

  it('lets the holder change the comment and custom fields, and pushes the panel to their desk', async () => {
    const { sam, id } = await claimedVisitor();
    const comment = await sam.agent.post(`/desk/tickets/${id}/comment`, { comment: 'VIP <script>alert(1)</script>\nCall back at 3' }, { htmx: true });
    expect(comment.status).toBe(204);
    const fields = await sam.agent.post(`/desk/tickets/${id}/fields`, { key_0: 'Plan', value_0: 'Gold & "more"', key_1: '', value_1: '' }, { htmx: true });
    expect(fields.status).toBe(204);
    expect(ticketRow(t, id)).toMatchObject({ comment: 'VIP <script>alert(1)</script>\nCall back at 3', custom_fields: '{"Plan":"Gold & \\"more\\""}' });

    const details = detailEvents();
    expect(details.map((e) => [e.ticketId, e.supporterId])).toEqual([[id, sam.id], [id, sam.id]]);
    const pushed = deskRenderer(t.deps, sam.id)(details.at(-1)!)!.html;
    expect(pushed).toContain(`hx-target="#details-${id}" hx-swap="outerMorph"`);
    expect(pushed).toContain('VIP &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(pushed).toContain('Gold &amp; &quot;more&quot;');
    expect(pushed).not.toContain('<script>');
    // Another supporter's desk is not sent this panel.
    const olga = await t.supporter('Olga');
    expect(deskRenderer(t.deps, olga.id)(details.at(-1)!)).toBeNull();

    // An emptied value removes its field.
    await sam.agent.post(`/desk/tickets/${id}/fields`, { key_0: 'Plan', value_0: '' }, { htmx: true });
    expect(ticketRow(t, id).custom_fields).toBe('{}');
  });

  it('refuses a comment over 1000 characters, a 21st field and a 41-character field name with 400, and changes nothing', async () => {
    const { sam, id } = await claimedVisitor();
    await sam.agent.post(`/desk/tickets/${id}/comment`, { comment: 'Keep me' }, { htmx: true });
    await sam.agent.post(`/desk/tickets/${id}/fields`, { key_0: 'Plan', value_0: 'Gold' }, { htmx: true });
    const before = ticketRow(t, id);
    const eventsBefore = eventCount();

    const long = await sam.agent.post(`/desk/tickets/${id}/comment`, { comment: 'x'.repeat(1001) }, { htmx: true });
    expect(long.status).toBe(400);
    expect(await long.text()).toBe('The comment must be at most 1000 characters.');
    const twentyOne = Object.fromEntries(Array.from({ length: 21 }, (_, i) => [[`key_${i}`, `Field ${i}`], [`value_${i}`, 'v']]).flat());
    const tooMany = await sam.agent.post(`/desk/tickets/${id}/fields`, twentyOne, { htmx: true });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toBe('A ticket can have at most 20 custom fields.');
    const longKey = await sam.agent.post(`/desk/tickets/${id}/fields`, { key_0: 'k'.repeat(41), value_0: 'v' }, { htmx: true });
    expect(longKey.status).toBe(400);
    expect(await longKey.text()).toBe('A field name must be at most 40 characters.');
    const longValue = await sam.agent.post(`/desk/tickets/${id}/fields`, { key_0: 'Plan', value_0: 'v'.repeat(201) }, { htmx: true });
    expect(longValue.status).toBe(400);
    const nameless = await sam.agent.post(`/desk/tickets/${id}/fields`, { key_0: '', value_0: 'orphan' }, { htmx: true });
    expect(nameless.status).toBe(400);
    const twice = await sam.agent.post(`/desk/tickets/${id}/fields`, { key_0: 'Plan', value_0: 'a', key_1: 'plan', value_1: 'b' }, { htmx: true });
    expect(twice.status).toBe(400);
    expect(await twice.text()).toBe('The field name &quot;plan&quot; is used twice.');

    expect(ticketRow(t, id)).toEqual(before);
    expect(eventCount()).toBe(eventsBefore);
    // Twenty fields are fine.
    const twenty = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [[`key_${i}`, `Field ${i}`], [`value_${i}`, 'v']]).flat());
    expect((await sam.agent.post(`/desk/tickets/${id}/fields`, twenty, { htmx: true })).status).toBe(204);
    expect(Object.keys(JSON.parse(ticketRow(t, id).custom_fields as string))).toHaveLength(20);
  });

  it('refuses another supporter (403), a forged ticket id (404), a visitor (401) and a post without the CSRF secret (403)', async () => {
    const { sam, visitor, id } = await claimedVisitor();
    const olga = await t.supporter('Olga');
    const before = ticketRow(t, id);
    const other = await olga.agent.post(`/desk/tickets/${id}/comment`, { comment: 'Mine now' }, { htmx: true });
    expect(other.status).toBe(403);
    expect(await other.text()).toBe('Only the supporter who holds this ticket can change its visitor details.');
    expect((await olga.agent.post(`/desk/tickets/${id}/fields`, { key_0: 'a', value_0: 'b' }, { htmx: true })).status).toBe(403);
    expect((await olga.agent.post(`/desk/tickets/${id}/comment`, { comment: 'x' })).status).toBe(403);
    for (const forged of ['999', '0', 'abc', '1e3']) {
      expect((await olga.agent.post(`/desk/tickets/${forged}/comment`, { comment: 'x' }, { htmx: true })).status).toBe(404);
    }
    expect((await visitor.post(`/desk/tickets/${id}/comment`, { comment: 'I am staff' }, { htmx: true })).status).toBe(401);
    const noCsrf = await sam.agent.post(`/desk/tickets/${id}/comment`, { comment: 'x' }, { htmx: true, csrf: null });
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.text()).toMatch(/Reload the page/);
    const forgedCsrf = await sam.agent.post(`/desk/tickets/${id}/block`, {}, { htmx: true, csrf: 'A'.repeat(43) });
    expect(forgedCsrf.status).toBe(403);
    expect(ticketRow(t, id)).toEqual(before);
    expect(t.deps.db.prepare('SELECT count(*) FROM blocks').pluck().get()).toBe(0);
  });

  it('refuses changes once the ticket is closed', async () => {
    const { sam, id } = await claimedVisitor();
    closeTicket(t.deps, id, sam.id, '');
    expect((await sam.agent.post(`/desk/tickets/${id}/comment`, { comment: 'late' }, { htmx: true })).status).toBe(403);
  });
});

describe('the customer card link', () => {
  let t: ReturnType<typeof makeTestApp>;
  afterEach(() => t.close());

  it('encodes every value, so a name with & or " cannot break out of the URL or the attribute', async () => {
    t = makeTestApp({ CUSTOMER_CARD_URL: 'https://crm.example/find?name={visitor.name}&email={visitor.email}&ticket={ticket.id}&key={visitor.key}' });
    const sam = await t.supporter('Sam');
    const visitor = t.agent();
    await visitor.join('Ann & Bob <x> #1', 'Help', 'ann+bob@example.com');
    // Intake no longer takes double quotes in names (they could pose as mail headers); a name
    // stored before that rule must still be encoded safely.
    t.deps.db.prepare(`UPDATE tickets SET visitor_name = 'Ann & "Bob" <x> #1' WHERE id = 1`).run();
    claimTicket(t.deps, 1, sam.id);
    const panel = panelOf(await (await sam.agent.get('/desk')).text(), 1);
    const key = visitor.cookies.get('lineup_visitor')!;
    const href = `https://crm.example/find?name=Ann%20%26%20%22Bob%22%20%3Cx%3E%20%231&amp;email=ann%2Bbob%40example.com&amp;ticket=1&amp;key=${key}`;
    expect(panel).toContain(`<a href="${href}" target="_blank" rel="noopener noreferrer">Customer card</a>`);
  });

  it('is left out when no template is configured', async () => {
    t = makeTestApp();
    const sam = await t.supporter('Sam');
    await t.agent().join('Ann', 'Help');
    claimTicket(t.deps, 1, sam.id);
    expect(panelOf(await (await sam.agent.get('/desk')).text(), 1)).not.toContain('Customer card');
  });
});

describe('the user agent parser', () => {
  const cases: Array<[string, string, string]> = [
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 'Chrome 124', 'Windows 10/11'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.51', 'Edge 124', 'Windows 10/11'],
    ['Mozilla/5.0 (Windows NT 6.1; Win64; x64; rv:115.0) Gecko/20100101 Firefox/115.0', 'Firefox 115', 'Windows 7'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15', 'Safari 17', 'macOS 10.15'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0', 'Firefox 125', 'macOS 14.4'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 OPR/109.0.0.0', 'Opera 109', 'macOS 10.15'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1', 'Safari 17', 'iOS 17.4'],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1', 'Chrome 124', 'iOS 17.4'],
    ['Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15', 'Firefox 125', 'iOS 16.6'],
    ['Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36', 'Chrome 124', 'Android 14'],
    ['Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36', 'Samsung Internet 24', 'Android 13'],
    ['Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0', 'Firefox 125', 'Android 14'],
    ['Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36 EdgA/124.0.2478.64', 'Edge 124', 'Android 10'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 'Chrome 124', 'Linux'],
    ['Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', 'Firefox 125', 'Linux'],
    ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36', 'Chrome 124', 'ChromeOS'],
    ['Opera/9.80 (Windows NT 6.1; WOW64) Presto/2.12.388 Version/12.18', 'Opera 12', 'Windows 7'],
    ['curl/8.5.0', 'Unknown', 'Unknown'],
    ['', 'Unknown', 'Unknown'],
  ];
  it.each(cases.map(([agent, browser, os]) => ({ agent, browser, os })))('names $browser on $os from its user agent', ({ agent, browser, os }) => {
    expect(parseUserAgent(agent)).toEqual({ browser, os });
  });
});
