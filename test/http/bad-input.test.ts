import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/app.ts';

const HOSTILE = `<script>alert(1)</script><img src=x onerror=alert(2)> {{7*7}} <%= 7*7 %> \${7*7} "quoted" 'single' <hx-partial hx-target="body">x</hx-partial>`;

describe('bad requests', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const snapshot = () => ({
    tickets: t.deps.db.prepare('SELECT count(*) FROM tickets').pluck().get(),
    messages: t.deps.db.prepare('SELECT count(*) FROM messages').pluck().get(),
    events: t.deps.db.prepare('SELECT count(*) FROM events').pluck().get(),
  });

  it('refuses a post without the CSRF secret and changes nothing', async () => {
    const visitor = t.agent();
    const before = snapshot();
    const res = await visitor.post('/tickets', { name: 'Vera', problem: 'Help' }, { csrf: null });
    expect(res.status).toBe(403);
    expect(await res.text()).toMatch(/Reload the page/);
    const forged = await visitor.post('/tickets', { name: 'Vera', problem: 'Help' }, { csrf: 'x'.repeat(43) });
    expect(forged.status).toBe(403);
    expect(snapshot()).toEqual(before);
  });

  it('answers intake mistakes inline with what to fix, and stores nothing', async () => {
    const visitor = t.agent();
    const before = snapshot();
    const res = await visitor.post('/tickets', { name: '', email: 'not-an-address', problem: 'x'.repeat(2001) });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Name is required.');
    expect(html).toContain('Enter an e-mail address like name@example.com.');
    expect(html).toContain('Describe your problem must be at most 2000 characters.');
    expect(snapshot()).toEqual(before);
  });

  it('rejects header tricks in an e-mail address at intake', async () => {
    const visitor = t.agent();
    for (const email of ['a@b.com\r\nBcc: x@evil.com', '"a"@b.com', 'a@b.com, c@d.com', '<a@b.com>']) {
      const res = await visitor.post('/tickets', { name: 'Vera', email, problem: 'Help' });
      expect(res.status, email).toBe(400);
    }
    expect(snapshot().tickets).toBe(0);
  });

  it('gives 413 to an oversized body before reading it, and changes nothing', async () => {
    const visitor = t.agent();
    await visitor.get('/');
    const before = snapshot();
    const res = await visitor.post('/tickets', { name: 'Vera', problem: 'x'.repeat(70 * 1024) });
    expect(res.status).toBe(413);
    expect(snapshot()).toEqual(before);
  });

  it('answers a wrong or forged visitor token with 404 everywhere', async () => {
    const visitor = t.agent();
    const page = await visitor.join('Vera', 'Help');
    const real = page.split('/').pop()!;
    const forged = real.slice(0, -1) + (real.endsWith('A') ? 'B' : 'A');
    for (const token of [forged, 'x', '1', '../../etc/passwd', '%00', 'a'.repeat(300)]) {
      expect((await visitor.get(`/t/${encodeURIComponent(token)}`)).status, token).toBe(404);
      expect((await visitor.post(`/t/${encodeURIComponent(token)}/messages`, { body: 'hi' })).status).toBe(404);
      expect((await visitor.post(`/t/${encodeURIComponent(token)}/away`)).status).toBe(404);
    }
    expect((await visitor.get(page)).status).toBe(200);
  });

  it('uses visitor tokens of at least 128 bits', async () => {
    const page = await t.agent().join('Vera', 'Help');
    const token = page.split('/').pop()!;
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
  });

  it('answers forged or malformed ticket ids on the desk with 404 and changes nothing', async () => {
    const sam = await t.supporter('Sam');
    await t.agent().join('Vera', 'Help');
    const before = snapshot();
    for (const id of ['999', '0', '-1', 'abc', '1e3', '1.5', '99999999999999999999']) {
      for (const action of ['claim', 'messages', 'close']) {
        const res = await sam.agent.post(`/desk/tickets/${id}/${action}`, { body: 'hi' }, { htmx: true });
        expect(res.status, `${id}/${action}`).toBe(404);
      }
      expect((await sam.agent.get(`/transcripts/${id}`)).status).toBe(404);
    }
    expect(snapshot()).toEqual(before);
  });

  it("doesn't let a supporter write in or close a ticket someone else holds", async () => {
    const [ann, bob] = [await t.supporter('Ann'), await t.supporter('Bob')];
    await t.agent().join('Vera', 'Help');
    expect((await ann.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
    const before = snapshot();
    const write = await bob.agent.post('/desk/tickets/1/messages', { body: 'sneaky' }, { htmx: true });
    expect(write.status).toBe(403);
    const close = await bob.agent.post('/desk/tickets/1/close', {}, { htmx: true });
    expect(close.status).toBe(403);
    expect(snapshot()).toEqual(before);
  });

  it('keeps the desk, search and transcripts for signed-in supporters only', async () => {
    const anon = t.agent();
    for (const path of ['/desk', '/search?q=x', '/transcripts/1', '/admin/supporters']) {
      const res = await anon.get(path, { Accept: 'text/html' });
      expect(res.status, path).toBe(303);
      expect(res.headers.get('Location')).toBe('/login');
    }
    expect((await anon.get('/desk/stream')).status).toBe(401);
    expect((await anon.post('/desk/tickets/1/claim')).status).toBe(401);
  });

  it('shows hostile names and messages as text on the desk, the ticket page and the transcript', async () => {
    const sam = await t.supporter('Sam');
    const visitor = t.agent();
    const page = await visitor.join(HOSTILE.slice(0, 80), HOSTILE);
    await visitor.post(`${page}/messages`, { body: HOSTILE }, { htmx: true });
    const desk = await (await sam.agent.get('/desk')).text();
    await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true });
    await sam.agent.post('/desk/tickets/1/messages', { body: HOSTILE }, { htmx: true });
    const deskAfter = await (await sam.agent.get('/desk')).text();
    const ticketPage = await (await visitor.get(page)).text();
    await sam.agent.post('/desk/tickets/1/close', { resolution: HOSTILE }, { htmx: true });
    const transcript = await (await sam.agent.get('/transcripts/1')).text();
    for (const html of [desk, deskAfter, ticketPage, transcript]) {
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html).not.toMatch(/<hx-partial hx-target="body"/);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('{{7*7}} &lt;%= 7*7 %&gt; ${7*7}');
    }
  });

  it('answers a broken form body or a broken URL with a clear 4xx, never a 500', async () => {
    const visitor = t.agent();
    await visitor.get('/');
    const broken = await visitor.request('/tickets', {
      method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=zzz', 'X-CSRF-Token': visitor.csrf }, body: '--zzz\r\nbroken',
    });
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain('The form could not be read.');
    for (const path of ['/t/%E0%A4%A', '/t/%', '/static/../package.json', '/t/abc%00/stream']) {
      expect((await visitor.get(path)).status, path).toBe(404);
    }
    expect(snapshot().tickets).toBe(0);
  });

  it('shows no stack trace or internals when something fails inside', async () => {
    t.app.get('/boom-for-test', () => { throw new Error('secret internals at db.ts:42'); });
    const res = await t.agent().get('/boom-for-test', { Accept: 'text/html' });
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain('Something went wrong on our side.');
    expect(html).not.toContain('secret internals');
    expect(html).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('never answers junk with a 500', async () => {
    const sam = await t.supporter('Sam', 'admin');
    const junk = ['', '%', '%%', '\u0000', '{"a":1}', 'a'.repeat(5000), '../..', '<x>'];
    for (const value of junk) {
      for (const path of ['/tickets', '/login', '/desk/status', '/admin/supporters', '/setup']) {
        const res = await sam.agent.post(path, { name: value, email: value, problem: value, password: value, status: value, message: value, role: value });
        expect(res.status, `${path} ${JSON.stringify(value.slice(0, 10))}`).toBeLessThan(500);
      }
      const search = await sam.agent.get(`/search?q=${encodeURIComponent(value)}&page=${encodeURIComponent(value)}`);
      expect(search.status).toBe(200);
    }
  });
});
