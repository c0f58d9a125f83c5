import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/app.ts';
import { INVITE_REPORTS_PER_HOUR } from '../../src/widget/invites.ts';
import { addSiteAs, fromFrame, SHOP, type TestApp } from './widget-helpers.ts';

describe('sites: the admin page, framing and invitation counts', () => {
  let t: TestApp;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());
  const siteCount = () => t.deps.db.prepare('SELECT count(*) FROM sites').pluck().get();

  it('lets an admin add a site and shows its one-line snippet, its secret and a nav link', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const site = await addSiteAs(t, ann);
    expect(site.key).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(site.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(site.origins).toBe('https://shop.example https://www.shop.example');
    const html = await (await ann.agent.get(`/admin/sites/${site.id}`)).text();
    expect(html).toContain(`&lt;script src=&quot;http://localhost:3000/widget.js&quot; data-site=&quot;${site.key}&quot; async&gt;&lt;/script&gt;`);
    expect(html).toContain(site.secret);
    expect(html).toContain('<a href="/admin/sites" aria-current="page">Sites</a>');
  });

  it('refuses the sites pages to supporters and supervisors, and changes nothing for them', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const site = await addSiteAs(t, ann);
    for (const role of ['supporter', 'supervisor'] as const) {
      const who = await t.supporter(`Sam ${role}`, role);
      expect((await who.agent.get('/admin/sites')).status).toBe(403);
      expect((await who.agent.get(`/admin/sites/${site.id}`)).status).toBe(403);
      expect((await who.agent.post('/admin/sites', { name: 'Evil', origins: 'https://evil.example' })).status).toBe(403);
      expect((await who.agent.post(`/admin/sites/${site.id}/secret`)).status).toBe(403);
      await expect((await who.agent.get('/desk')).text()).resolves.not.toContain('href="/admin/sites"');
    }
    expect((await t.agent().get('/admin/sites')).status).toBe(401);
    expect(siteCount()).toBe(1);
    expect(t.deps.db.prepare('SELECT secret FROM sites').pluck().get()).toBe(site.secret);
  });

  it('accepts only exact http(s) origins and bounded fields, and says what to fix', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const bad: Array<[Record<string, string>, string]> = [
      [{ name: 'Shop', origins: '' }, 'Give at least one origin'],
      [{ name: 'Shop', origins: 'javascript:alert(1)' }, 'Each origin must look like https://shop.example'],
      [{ name: 'Shop', origins: 'https://shop.example/path' }, 'Each origin must look like'],
      [{ name: 'Shop', origins: 'http://shop.example' }, 'Each origin must look like'],
      [{ name: 'Shop', origins: "https://shop.example; script-src 'unsafe-inline'" }, 'Each origin must look like'],
      [{ name: 'Shop', origins: 'https://*.shop.example' }, 'Each origin must look like'],
      [{ name: 'Shop', origins: 'ftp://shop.example' }, 'Each origin must look like'],
      [{ name: 'Shop', origins: Array.from({ length: 21 }, (_, i) => `https://s${i}.example`).join(' ') }, 'At most 20 origins'],
      [{ name: '', origins: SHOP }, 'Name is required'],
      [{ name: 'x'.repeat(81), origins: SHOP }, 'Name must be at most 80 characters'],
      [{ name: 'Shop', origins: SHOP, invite_after_seconds: '0' }, 'whole number of seconds from 1 to 3600'],
      [{ name: 'Shop', origins: SHOP, invite_after_seconds: '1e3' }, 'whole number of seconds'],
      [{ name: 'Shop', origins: SHOP, invite_after_seconds: '3601' }, 'whole number of seconds'],
      [{ name: 'Shop', origins: SHOP, invite_pattern: 'x'.repeat(301) }, 'at most 300 characters'],
      [{ name: 'Shop', origins: SHOP, invite_greeting: 'x'.repeat(201) }, 'at most 200 characters'],
    ];
    for (const [fields, message] of bad) {
      const res = await ann.agent.post('/admin/sites', fields);
      expect(res.status, JSON.stringify(fields)).toBe(400);
      expect(await res.text()).toContain(message);
    }
    expect(siteCount()).toBe(0);
    // http on a port (a developer's machine) is an origin too; a trailing slash is forgiven.
    const site = await addSiteAs(t, ann, { origins: 'http://localhost:8080/ https://shop.example' });
    expect(site.origins).toBe('http://localhost:8080 https://shop.example');
  });

  it('edits a site and makes a new secret on request', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const site = await addSiteAs(t, ann);
    const res = await ann.agent.post(`/admin/sites/${site.id}`, {
      name: 'Shop EU', origins: 'https://eu.shop.example', invite_after_seconds: '30', invite_pattern: '/checkout', invite_greeting: 'Need a hand?',
    });
    expect(res.status).toBe(200);
    expect(t.deps.db.prepare('SELECT name, origins, invite_after_seconds AS s, invite_pattern AS p, invite_greeting AS g FROM sites').get())
      .toEqual({ name: 'Shop EU', origins: 'https://eu.shop.example', s: 30, p: '/checkout', g: 'Need a hand?' });
    const refused = await ann.agent.post(`/admin/sites/${site.id}`, { name: 'Shop EU', origins: 'nope' });
    expect(refused.status).toBe(400);
    expect(t.deps.db.prepare('SELECT origins FROM sites').pluck().get()).toBe('https://eu.shop.example');
    expect((await ann.agent.post(`/admin/sites/${site.id}/secret`)).status).toBe(200);
    const secret = t.deps.db.prepare('SELECT secret FROM sites').pluck().get();
    expect(secret).not.toBe(site.secret);
    expect((await ann.agent.post('/admin/sites/999/secret')).status).toBe(404);
  });

  it('gives a site its own widget name, colour and greeting over the team\'s branding, checked like the team\'s', async () => {
    const ann = await t.supporter('Ann', 'admin');
    await ann.agent.post('/admin/branding', { team_name: 'Acme Help', accent: '#1d4ed8' });
    const site = await addSiteAs(t, ann);
    // Without its own look: the team's colour, the site's name in the title, the usual heading.
    let config = await (await fromFrame(t, `/w/${site.key}/config`, { headers: { Origin: SHOP } })).json();
    expect(config).toMatchObject({ name: site.name, accent: '#1d4ed8' });
    let frame = await (await fromFrame(t, `/w/${site.key}`)).text();
    expect(frame).toContain('href="/brand/css/1d4ed8.css"');
    expect(frame).toContain('<h1 class="widget-page__title">How can we help?</h1>');

    const base = { name: site.name, origins: site.origins };
    const refused = await ann.agent.post(`/admin/sites/${site.id}`, { ...base, widget_accent: '#ffdd00', widget_name: 'N'.repeat(81), widget_greeting: 'G'.repeat(121) });
    expect(refused.status).toBe(400);
    const said = await refused.text();
    expect(said).toContain('#ffdd00 is too light');
    expect(said).toContain('The name can have at most 80 characters.');
    expect(said).toContain('The greeting can have at most 120 characters.');
    expect(t.deps.db.prepare('SELECT widget_accent FROM sites').pluck().get()).toBe('');

    const saved = await ann.agent.post(`/admin/sites/${site.id}`, { ...base, widget_name: 'Shop <Help>', widget_accent: '#B02A37', widget_greeting: 'Hi! Ask us <anything>' });
    expect(saved.status).toBe(200);
    config = await (await fromFrame(t, `/w/${site.key}/config`, { headers: { Origin: SHOP } })).json();
    expect(config).toMatchObject({ name: 'Shop <Help>', accent: '#b02a37' });
    frame = await (await fromFrame(t, `/w/${site.key}`)).text();
    expect(frame).toContain('href="/brand/css/b02a37.css"');
    expect(frame).toContain('<h1 class="widget-page__title">Hi! Ask us &lt;anything&gt;</h1>');
    expect(frame).toContain('<title>Chat with Shop &lt;Help&gt;</title>');
    // The team's own pages keep the team's look.
    expect(await (await t.agent().get('/')).text()).toContain('href="/brand/css/1d4ed8.css"');
  });

  it('escapes hostile site names and greetings everywhere they are shown', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const site = await addSiteAs(t, ann, { name: '<img src=x onerror=alert(1)>', invite_after_seconds: '5', invite_greeting: '<script>alert(2)</script>' });
    for (const html of [await (await ann.agent.get('/admin/sites')).text(), await (await ann.agent.get(`/admin/sites/${site.id}`)).text(),
      await (await fromFrame(t, `/w/${site.key}`)).text()]) {
      expect(html).not.toContain('<img src=x');
      expect(html).not.toContain('<script>alert(2)');
      expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    }
    // The script puts the greeting in with textContent; the JSON carries it as data.
    const config = await (await fromFrame(t, `/w/${site.key}/config`, { headers: { Origin: SHOP } })).json();
    expect(config.invite.greeting).toBe('<script>alert(2)</script>');
  });

  it('lets widget pages be framed by the site\'s own origins only, and nothing else at all', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const site = await addSiteAs(t, ann);
    const page = await fromFrame(t, `/w/${site.key}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('Content-Security-Policy')).toContain('frame-ancestors https://shop.example https://www.shop.example;');
    expect(page.headers.get('X-Frame-Options')).toBeNull();
    for (const path of ['/', '/login', '/admin/sites', `/w/${site.key}/nope`, '/w/AAAAAAAAAAAAAAAA', '/w/<script>']) {
      const res = await fromFrame(t, path);
      expect(res.headers.get('X-Frame-Options'), path).toBe('DENY');
      expect(res.headers.get('Content-Security-Policy'), path).toContain("frame-ancestors 'none'");
    }
  });

  it('answers an unknown or malformed site key with 404', async () => {
    for (const key of ['AAAAAAAAAAAAAAAA', 'short', '..%2F..%2Fetc', 'x'.repeat(200)]) {
      expect((await fromFrame(t, `/w/${key}`)).status, key).toBe(404);
      expect((await fromFrame(t, `/w/${key}/config`, { headers: { Origin: SHOP } })).status, key).toBe(404);
    }
  });

  it('serves the embed script to any site, cacheable, as JavaScript', async () => {
    const res = await fromFrame(t, '/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('*');
    expect(res.headers.get('Cache-Control')).toBe('public, max-age=300');
    expect(await res.text()).toContain('Chat with us');
  });

  it('serves the example host pages with a placeholder key, or a real one when asked', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const site = await addSiteAs(t, ann);
    const plain = await (await fromFrame(t, '/example/host.html')).text();
    expect(plain).toContain('<script src="http://localhost:3000/widget.js" data-site="YOUR-SITE-KEY" async></script>');
    const real = await (await fromFrame(t, `/example/other.html?site=${site.key}`)).text();
    expect(real).toContain(`data-site="${site.key}"`);
    expect(real).toContain(`href="host.html?site=${site.key}"`);
    const hostile = await (await fromFrame(t, '/example/host.html?site=%22%3E%3Cscript%3E')).text();
    expect(hostile).toContain('data-site="YOUR-SITE-KEY"');
    expect(hostile).not.toContain('"><script>');
    expect((await fromFrame(t, '/example/example.css')).headers.get('Content-Type')).toBe('text/css; charset=utf-8');
  });

  it('gives the script the invitation settings, only on the site\'s own origins', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const site = await addSiteAs(t, ann, { invite_after_seconds: '20', invite_pattern: '/pricing*', invite_greeting: 'Questions about prices?' });
    const ok = await fromFrame(t, `/w/${site.key}/config`, { headers: { Origin: 'https://www.shop.example' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe('https://www.shop.example');
    const body = await ok.json();
    expect(body).toMatchObject({ name: 'Shop', invite: { afterSeconds: 20, pattern: '/pricing*', greeting: 'Questions about prices?' } });
    expect(body.csrf).toMatch(/^w1\./);
    for (const origin of ['https://evil.example', 'null', undefined]) {
      const res = await fromFrame(t, `/w/${site.key}/config`, { headers: origin ? { Origin: origin } : {} });
      expect(res.status, String(origin)).toBe(403);
      expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
    }
  });

  it('counts invitations shown, "Chat now" and "No thanks" apart, and shows them to the admin', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const site = await addSiteAs(t, ann, { invite_after_seconds: '10' });
    const { csrf } = await (await fromFrame(t, `/w/${site.key}/config`, { headers: { Origin: SHOP } })).json();
    const report = (event: string, headers: Record<string, string> = { Origin: SHOP }, token = csrf) =>
      fromFrame(t, `/w/${site.key}/invites`, { fields: { event, _csrf: token }, headers });
    for (const event of ['shown', 'shown', 'shown', 'accepted', 'declined', 'declined']) expect((await report(event)).status).toBe(204);
    const counts = () => t.deps.db.prepare('SELECT day, shown, accepted, declined FROM invite_stats').all();
    expect(counts()).toEqual([{ day: '2026-01-05', shown: 3, accepted: 1, declined: 2 }]);

    // Forged, foreign and malformed reports are refused and count nothing.
    expect((await report('declined', { Origin: 'https://evil.example' })).status).toBe(403);
    expect((await report('declined', {})).status).toBe(403);
    expect((await report('declined', { Origin: SHOP }, '')).status).toBe(403);
    expect((await report('declined', { Origin: SHOP }, 'w1.9999999999999.' + '0'.repeat(64))).status).toBe(403);
    const bad = await report('shown; DROP TABLE sites');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('Unknown invitation event.');
    expect(counts()).toEqual([{ day: '2026-01-05', shown: 3, accepted: 1, declined: 2 }]);

    // The next day is a new row (and yesterday's page token has expired: the script asks for a new one).
    t.clock.advance(24 * 3600_000);
    expect((await report('shown')).status).toBe(403);
    const fresh = (await (await fromFrame(t, `/w/${site.key}/config`, { headers: { Origin: SHOP } })).json()).csrf;
    expect((await report('shown', { Origin: SHOP }, fresh)).status).toBe(204);
    const bo = await t.supporter('Bo', 'admin'); // Ann's session has ended by now
    const page = await (await bo.agent.get(`/admin/sites/${site.id}`)).text();
    expect(page).toContain('<tr><td>2026-01-06</td><td>1</td><td>0</td><td>0</td></tr>');
    expect(page).toContain('<tr><td>2026-01-05</td><td>3</td><td>1</td><td>2</td></tr>');
  });

  it('limits how many invitation reports one address can make in an hour', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const site = await addSiteAs(t, ann, { invite_after_seconds: '10' });
    const { csrf } = await (await fromFrame(t, `/w/${site.key}/config`, { headers: { Origin: SHOP } })).json();
    const report = () => fromFrame(t, `/w/${site.key}/invites`, { fields: { event: 'shown', _csrf: csrf }, headers: { Origin: SHOP } });
    for (let i = 0; i < INVITE_REPORTS_PER_HOUR; i++) expect((await report()).status).toBe(204);
    const refused = await report();
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe('3600');
    expect(t.deps.db.prepare('SELECT shown FROM invite_stats').pluck().get()).toBe(INVITE_REPORTS_PER_HOUR);
    t.clock.advance(3600_000);
    expect((await report()).status).toBe(204);
  });
});
