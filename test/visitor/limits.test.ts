import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp, type Agent } from '../helpers/app.ts';
import { addSiteAs, fromFrame, frameCsrf, ticketCount } from '../widget/widget-helpers.ts';

// Behind one trusted proxy the client's address is the last X-Forwarded-For entry: each test
// chooses whose requests come from where.
const BEHIND_PROXY = { TRUSTED_PROXIES: '1' };

describe('limits on the public side', () => {
  let t: ReturnType<typeof makeTestApp>;
  afterEach(() => t.close());

  /** A new browser (its own visitor key) at `address` asks to join the line. */
  async function join(address: string, name = 'Vera', extra: Record<string, string> = {}, headers: Record<string, string> = {}) {
    const agent = t.agent();
    await agent.get('/', { 'X-Forwarded-For': address });
    const body = new URLSearchParams({ _csrf: agent.csrf, name, problem: 'The invoice total is wrong', ...extra });
    return agent.request('/tickets', { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': address, ...headers } });
  }

  it('lets 20 new requests an address through in 10 minutes, then says in the visitor\'s language when to try again, keeping what was typed', async () => {
    t = makeTestApp(BEHIND_PROXY);
    for (let i = 0; i < 20; i++) expect((await join('203.0.113.5', `Visitor ${i}`)).status).toBe(303);
    t.clock.advance(4 * 60_000);
    const refused = await join('203.0.113.5', 'Vera <b>21</b>', {}, { 'Accept-Language': 'da' });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe('360');
    const page = await refused.text();
    expect(page).toContain('Der er startet mange henvendelser herfra lige nu. Prøv igen om 6 minutter.');
    expect(page).toContain('value="Vera &lt;b&gt;21&lt;/b&gt;"');
    expect(ticketCount(t)).toBe(20);
    // Someone at another address is not held up; after the window the office goes on.
    expect((await join('198.51.100.9')).status).toBe(303);
    t.clock.advance(6 * 60_000);
    expect((await join('203.0.113.5')).status).toBe(303);
  });

  it('limits the widget\'s intake by the same count, and a browser by its visitor key', async () => {
    t = makeTestApp({ ...BEHIND_PROXY, LIMIT_TICKETS_PER_ADDRESS: '3/10m', LIMIT_TICKETS_PER_VISITOR: '2/10m' });
    const admin = await t.supporter('Ann', 'admin');
    const site = await addSiteAs(t, admin);
    const frameJoin = async (address: string, visitorKey: string) => fromFrame(t, `/w/${site.key}/tickets`, {
      fields: { _csrf: await frameCsrf(t, site.key), name: 'Vera', problem: 'Help', visitor_key: visitorKey }, headers: { 'X-Forwarded-For': address },
    });
    const key = 'k'.repeat(43);
    expect((await frameJoin('203.0.113.5', key)).status).toBe(303);
    expect((await frameJoin('203.0.113.6', key)).status).toBe(303);
    const byKey = await frameJoin('203.0.113.7', key);
    expect(byKey.status).toBe(429);
    expect(await byKey.text()).toContain('Many requests were started from here just now. Please try again in 10 minutes.');
    expect((await join('203.0.113.5')).status).toBe(303);
    expect((await join('203.0.113.5')).status).toBe(303);
    expect((await frameJoin('203.0.113.5', 'm'.repeat(43))).status).toBe(429);
    expect(ticketCount(t)).toBe(4);
  });

  it('lets a visitor send 30 messages a minute, then refuses with Retry-After and stores nothing more', async () => {
    t = makeTestApp(BEHIND_PROXY);
    const visitor = t.agent();
    await visitor.get('/', { 'X-Forwarded-For': '203.0.113.5' });
    const page = await visitor.join('Vera', 'Help');
    const send = (body: string) => visitor.request(`${page}/messages`, {
      method: 'POST', body: new URLSearchParams({ _csrf: visitor.csrf, body }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'HX-Request': 'true', 'X-Forwarded-For': '203.0.113.5' },
    });
    for (let i = 0; i < 30; i++) expect((await send(`message ${i}`)).status).toBeLessThan(300);
    const refused = await send('one too many');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe('60');
    expect(await refused.text()).toBe('You are sending messages very quickly. Please wait 60 seconds and send again.');
    const stored = () => t.deps.db.prepare("SELECT count(*) FROM messages WHERE body LIKE 'message %' OR body = 'one too many'").pluck().get();
    expect(stored()).toBe(30);
    t.clock.advance(60_000);
    expect((await send('and on')).status).toBeLessThan(300);
  });

  it('refuses an intake form with its hidden field filled, or sent sooner than INTAKE_MIN_SECONDS after it was drawn', async () => {
    t = makeTestApp({ INTAKE_MIN_SECONDS: '3' });
    const agent: Agent = t.agent();
    const opened = () => agent.get('/').then((r) => r.text()).then((html) => html.match(/name="opened" value="(\d+)"/)![1]!);
    const post = (fields: Record<string, string>) => agent.post('/tickets', { name: 'Vera', problem: 'Help', ...fields });
    const at = await opened();
    const bot = await post({ opened: at, homepage: 'http://spam.example' });
    expect(bot.status).toBe(400);
    expect(await bot.text()).toContain('This form could not be sent. Please wait a moment and send it again.');
    t.clock.advance(1000);
    expect((await post({ opened: at })).status).toBe(400);
    expect((await post({})).status).toBe(400);
    expect((await post({ opened: 'yesterday' })).status).toBe(400);
    expect(ticketCount(t)).toBe(0);
    t.clock.advance(2000);
    expect((await post({ opened: at })).status).toBe(303);
    expect(ticketCount(t)).toBe(1);
  });

  it('slows and then refuses an address guessing ticket tokens and file ids, never a real ticket there', async () => {
    t = makeTestApp({ ...BEHIND_PROXY, LIMIT_UNKNOWN_PER_ADDRESS: '6/10m' });
    const visitor = t.agent();
    await visitor.get('/', { 'X-Forwarded-For': '203.0.113.5' });
    const page = await visitor.join('Vera', 'Help');
    const guess = (path: string) => t.agent().get(path, { 'X-Forwarded-For': '203.0.113.5' });
    const started = performance.now();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await guess(i % 2 ? `/t/${'A'.repeat(42)}${i}` : `${page}/files/${900 + i}`)).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404]);
    expect(performance.now() - started).toBeGreaterThan(2900); // the 4th to the 6th waited a second each
    const refused = await guess(`/t/${'B'.repeat(43)}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe('600');
    expect(await refused.text()).toContain('Too many addresses that lead nowhere were asked for from here.');
    const real = await visitor.get(page, { 'X-Forwarded-For': '203.0.113.5' });
    expect(real.status).toBe(200);
    expect((await guess(`/w/${'C'.repeat(16)}/t/${'D'.repeat(43)}`)).status).toBe(429);
  }, 20_000);
});
