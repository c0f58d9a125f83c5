import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fillPlaceholders } from '../../src/canned/placeholders.ts';
import { addCannedReply } from '../../src/canned/replies.ts';
import { escapeLike, searchCannedReplies, SUGGESTIONS_MAX } from '../../src/canned/suggest.ts';
import { makeTestApp } from '../helpers/app.ts';

type TestApp = ReturnType<typeof makeTestApp>;
type Helper = Awaited<ReturnType<TestApp['supporter']>>;

/** A visitor joins and `who` claims the ticket; returns its id. */
async function claimedTicket(t: TestApp, who: Helper, visitorName: string, email = ''): Promise<number> {
  await t.agent().join(visitorName, 'Something is broken', email);
  const id = t.deps.db.prepare('SELECT max(id) FROM tickets').pluck().get() as number;
  const res = await who.agent.post(`/desk/tickets/${id}/claim`, {}, { htmx: true });
  if (res.status !== 200) throw new Error(`claim failed: ${res.status}`);
  return id;
}

/** The options of a suggestion fragment: name, whether shared, and the filled text as the browser would read it. */
function optionsIn(html: string) {
  return [...html.matchAll(/<li id="canned-option-\d+-\d+"[^>]*data-text="([^"]*)">\s*<span class="canned-option__name">\/([^<]*)<\/span>( <span class="canned-option__scope">shared<\/span>)?/g)]
    .map((m) => ({ name: m[2]!, shared: Boolean(m[3]), text: unescape(m[1]!) }));
}
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('canned replies: search', () => {
  let t: TestApp;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('puts name prefixes before names that contain the query, then texts, personal before shared', async () => {
    const ann = await t.supporter('Ann Admin', 'admin');
    const sam = await t.supporter('Sam Support');
    addCannedReply(t.deps, ann, { name: 'greeting', body: 'Hello from the team', shared: 'on' });
    addCannedReply(t.deps, sam, { name: 'Greeting', body: 'Hello from Sam' });
    addCannedReply(t.deps, sam, { name: 'regret', body: 'Sorry' });
    addCannedReply(t.deps, sam, { name: 'thanks', body: 'Thanks, GREat question' });
    addCannedReply(t.deps, ann, { name: 'ann-only', body: 'great, but private to Ann' });
    const names = searchCannedReplies(t.deps.db, sam.id, 'GRE').map((r) => `${r.name}${r.ownerId === null ? ' (shared)' : ''}`);
    expect(names).toEqual(['Greeting', 'greeting (shared)', 'regret', 'thanks']);
  });

  it('reads LIKE wildcards and backslashes in the query as plain text', async () => {
    const sam = await t.supporter('Sam Support');
    addCannedReply(t.deps, sam, { name: 'discount', body: 'You get 10% off' });
    addCannedReply(t.deps, sam, { name: 'path', body: 'Open C:\\Users\\you' });
    addCannedReply(t.deps, sam, { name: 'snake_case', body: 'underscored' });
    addCannedReply(t.deps, sam, { name: 'plain', body: 'nothing special' });
    expect(searchCannedReplies(t.deps.db, sam.id, '%').map((r) => r.name)).toEqual(['discount']);
    expect(searchCannedReplies(t.deps.db, sam.id, '_').map((r) => r.name)).toEqual(['snake_case']);
    expect(searchCannedReplies(t.deps.db, sam.id, '\\').map((r) => r.name)).toEqual(['path']);
    expect(searchCannedReplies(t.deps.db, sam.id, "' OR 1=1 --")).toEqual([]);
    expect(escapeLike('50%_\\')).toBe('50\\%\\_\\\\');
  });

  it('offers at most 8 replies, and the first ones by name for an empty query', async () => {
    const sam = await t.supporter('Sam Support');
    for (let i = 0; i < 12; i++) addCannedReply(t.deps, sam, { name: `reply-${String(i).padStart(2, '0')}`, body: 'Hi' });
    expect(searchCannedReplies(t.deps.db, sam.id, 'reply')).toHaveLength(SUGGESTIONS_MAX);
    expect(SUGGESTIONS_MAX).toBe(8);
    expect(searchCannedReplies(t.deps.db, sam.id, '').map((r) => r.name).slice(0, 2)).toEqual(['reply-00', 'reply-01']);
  });

  it('refuses a query over 64 characters', async () => {
    const sam = await t.supporter('Sam Support');
    expect(() => searchCannedReplies(t.deps.db, sam.id, 'x'.repeat(65))).toThrow('Search for at most 64 characters.');
    expect(searchCannedReplies(t.deps.db, sam.id, 'x'.repeat(64))).toEqual([]);
  });
});

describe('canned replies: placeholders', () => {
  const values = { 'visitor.name': 'Vera Visitor', 'supporter.name': 'Sam' };

  it('fills known placeholders and leaves unknown ones as typed', () => {
    expect(fillPlaceholders('Hi {visitor.name}, {unknown.thing} {visitor} {supporter.name}', values))
      .toBe('Hi Vera Visitor, {unknown.thing} {visitor} Sam');
  });

  it('inserts values as text once: a value that looks like a placeholder or a template stays as it is', () => {
    expect(fillPlaceholders('Hi {visitor.name}', { 'visitor.name': '{supporter.name} <%= 7*7 %> $& $1' }))
      .toBe('Hi {supporter.name} <%= 7*7 %> $& $1');
  });

  it('leaves a placeholder with no value (a visitor without an e-mail) for the supporter to see', () => {
    expect(fillPlaceholders('Mail: {visitor.email}', { 'visitor.email': '' })).toBe('Mail: {visitor.email}');
  });
});

describe('canned replies: suggestions in a tab', () => {
  let t: TestApp;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it("fills in the ticket's visitor, the supporter and the ticket number", async () => {
    const ann = await t.supporter('Ann Admin', 'admin');
    addCannedReply(t.deps, ann, { name: 'greeting', body: 'Hello {visitor.name} ({visitor.first_name}, {visitor.email}), I am {supporter.name}. Ticket {ticket.id}. {nope}', shared: 'on' });
    const id = await claimedTicket(t, ann, 'Vera Visitor', 'vera@example.com');
    const res = await ann.agent.get(`/desk/tickets/${id}/canned?q=gre`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('no-store');
    const html = await res.text();
    expect(html).toContain('role="listbox"');
    expect(optionsIn(html)).toEqual([{
      name: 'greeting', shared: true,
      text: `Hello Vera Visitor (Vera, vera@example.com), I am Ann Admin. Ticket ${id}. {nope}`,
    }]);
  });

  it('escapes a hostile visitor name and a hostile reply text in the fragment', async () => {
    const sam = await t.supporter('Sam Support');
    addCannedReply(t.deps, sam, { name: 'hi', body: 'Hi {visitor.name} <img src=x onerror=alert(2)> "quoted" \'single\'' });
    const hostile = '<img src=x onerror=alert(1)>';
    const id = await claimedTicket(t, sam, hostile);
    const html = await (await sam.agent.get(`/desk/tickets/${id}/canned?q=hi`)).text();
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(optionsIn(html)[0]!.text).toBe(`Hi ${hostile} <img src=x onerror=alert(2)> "quoted" 'single'`);
  });

  it('keeps a multi-line reply intact in the data attribute', async () => {
    const sam = await t.supporter('Sam Support');
    addCannedReply(t.deps, sam, { name: 'steps', body: 'First:\n1. Sign out\n2. Sign in' });
    const id = await claimedTicket(t, sam, 'Vera');
    const html = await (await sam.agent.get(`/desk/tickets/${id}/canned?q=steps`)).text();
    expect(optionsIn(html)[0]!.text).toBe('First:\n1. Sign out\n2. Sign in');
  });

  it("offers a supporter's own and shared replies, never another supporter's", async () => {
    const ann = await t.supporter('Ann Admin', 'admin');
    const sam = await t.supporter('Sam Support');
    addCannedReply(t.deps, ann, { name: 'ann-private', body: 'Only Ann' });
    addCannedReply(t.deps, ann, { name: 'team', body: 'For all', shared: 'on' });
    addCannedReply(t.deps, sam, { name: 'sam', body: 'Sam here' });
    const id = await claimedTicket(t, sam, 'Vera');
    const html = await (await sam.agent.get(`/desk/tickets/${id}/canned?q=`)).text();
    expect(optionsIn(html).map((o) => o.name)).toEqual(['sam', 'team']);
  });

  it('answers a query of % with the replies that contain %, not with everything', async () => {
    const sam = await t.supporter('Sam Support');
    addCannedReply(t.deps, sam, { name: 'discount', body: '10% off' });
    addCannedReply(t.deps, sam, { name: 'plain', body: 'Nothing' });
    const id = await claimedTicket(t, sam, 'Vera');
    const html = await (await sam.agent.get(`/desk/tickets/${id}/canned?q=${encodeURIComponent('%')}`)).text();
    expect(optionsIn(html).map((o) => o.name)).toEqual(['discount']);
  });

  it('answers with an empty list when nothing matches, and with at most 8 options', async () => {
    const sam = await t.supporter('Sam Support');
    for (let i = 0; i < 10; i++) addCannedReply(t.deps, sam, { name: `r${i}`, body: 'Hi' });
    const id = await claimedTicket(t, sam, 'Vera');
    expect(optionsIn(await (await sam.agent.get(`/desk/tickets/${id}/canned?q=r`)).text())).toHaveLength(8);
    expect(optionsIn(await (await sam.agent.get(`/desk/tickets/${id}/canned?q=zzz`)).text())).toEqual([]);
  });

  it('gives 403 for a ticket held by someone else, or still waiting in the line', async () => {
    const ann = await t.supporter('Ann Admin', 'admin');
    const sam = await t.supporter('Sam Support');
    addCannedReply(t.deps, sam, { name: 'hi', body: 'Hi {visitor.name}' });
    const annTicket = await claimedTicket(t, ann, 'Vera');
    const res = await sam.agent.get(`/desk/tickets/${annTicket}/canned?q=hi`);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('Vera');
    await t.agent().join('Walt', 'Waiting');
    const waiting = t.deps.db.prepare('SELECT max(id) FROM tickets').pluck().get() as number;
    expect((await sam.agent.get(`/desk/tickets/${waiting}/canned?q=hi`)).status).toBe(403);
  });

  it('offers replies to a colleague invited into the chat, who can write there too', async () => {
    const ann = await t.supporter('Ann Admin', 'admin');
    const sam = await t.supporter('Sam Support');
    addCannedReply(t.deps, sam, { name: 'hi', body: 'Hi {visitor.name}, {supporter.name} here' });
    const annTicket = await claimedTicket(t, ann, 'Vera');
    t.deps.db.prepare("UPDATE supporters SET online = 1, place = 'desk'").run();
    expect((await ann.agent.post(`/desk/tickets/${annTicket}/invite`, { to: String(sam.id) }, { htmx: true })).status).toBe(204);
    const res = await sam.agent.get(`/desk/tickets/${annTicket}/canned?q=hi`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Hi Vera, Sam Support here');
  });

  it('gives 404 for a forged or unknown ticket id, and 401 to someone not signed in', async () => {
    const sam = await t.supporter('Sam Support');
    for (const id of ['9999', 'abc', '-1', '0', '1%27']) {
      expect((await sam.agent.get(`/desk/tickets/${id}/canned?q=hi`)).status, id).toBe(404);
    }
    const id = await claimedTicket(t, sam, 'Vera');
    expect((await t.agent().get(`/desk/tickets/${id}/canned?q=hi`)).status).toBe(401);
  });

  it('gives 400 for a query over 64 characters', async () => {
    const sam = await t.supporter('Sam Support');
    const id = await claimedTicket(t, sam, 'Vera');
    const res = await sam.agent.get(`/desk/tickets/${id}/canned?q=${'x'.repeat(65)}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Search for at most 64 characters.');
  });
});
