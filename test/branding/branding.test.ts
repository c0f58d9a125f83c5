import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditPage } from '../../src/audit/audit.ts';
import { contrastRatio } from '../../src/branding/brand.ts';
import { makeTestApp, type Agent } from '../helpers/app.ts';
import { portraitPng } from '../helpers/png.ts';
import { SAMPLES } from '../files/samples.ts';

type TestApp = ReturnType<typeof makeTestApp>;
const HOSTILE = '<script>alert(1)</script>';

/** The branding form, every field filled as given (the rest empty). */
const form = (fields: Record<string, string>) => ({
  team_name: '', accent: '', info_en: '', status_en: '', info_da: '', status_da: '', info_ru: '', status_ru: '', ...fields,
});

function sendLogo(agent: Agent, content: Uint8Array<ArrayBuffer> | string, csrf: string | null = agent.csrf) {
  const body = new FormData();
  body.append('file', new File([content], 'logo.png', { type: 'image/png' }));
  return agent.request('/admin/branding/logo', { method: 'POST', body, headers: csrf === null ? {} : { 'X-CSRF-Token': csrf } });
}

describe('branding and notices', () => {
  let t: TestApp;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  const visible = (html: string) => html.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/g, '').replace(/<link[^>]*>|<meta[^>]*>/g, '');

  it('says "Lineup" nowhere a visitor looks until the team is called that', async () => {
    const visitor = t.agent();
    const intake = await (await visitor.get('/')).text();
    expect(intake).toContain('<title>Get help</title>');
    expect(visible(intake)).not.toMatch(/Lineup/);
    expect(intake).toContain('<header class="brand"> Support</header>');
    // Nor does the tab's icon carry Lineup's "L": a speech bubble (staff pages keep the L).
    expect(intake).toContain('<link rel="icon" href="/support.svg" type="image/svg+xml">');
    expect(await (await visitor.get('/support.svg')).text()).not.toMatch(/M11 8v16h11/);
    expect(await (await visitor.get('/setup')).text()).toContain('<link rel="icon" href="/favicon.svg" type="image/svg+xml">');
    const ticket = await (await visitor.get(await visitor.join('Vera', 'Help please'))).text();
    expect(visible(ticket)).not.toMatch(/Lineup/);
    const danish = await (await t.agent().get('/', { 'Accept-Language': 'da' })).text();
    expect(visible(danish)).not.toMatch(/Lineup/);
    // An error page may be anyone's: a visitor's stale link.
    const missing = await (await t.agent().get('/no-such-page')).text();
    expect(missing).toContain('<title>Not found</title>');
    expect(missing).toContain('href="/support.svg"');
  });

  it('an admin names the team, picks an accent and writes notices per language; visitors see them escaped, in their language', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const saved = await ann.agent.post('/admin/branding', form({
      team_name: `Acme ${HOSTILE}`, accent: '#1D4ED8',
      info_en: `Orders ship **within a day**. ${HOSTILE}`, status_en: 'Payments are *slow* today.',
      info_da: 'Ordrer sendes **inden for en dag**.',
    }));
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Saved. Visitors see it on their next page.');
    const intake = await (await t.agent().get('/')).text();
    expect(intake).toContain('<title>Get help · Acme &lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(intake).toMatch(/<header class="brand"><span class="brand__mark" aria-hidden="true">A<\/span> Acme &lt;script&gt;/);
    expect(intake).toContain('<strong>within a day</strong>');
    expect(intake).toContain('<em>slow</em>');
    expect(intake).not.toContain(HOSTILE);
    // The information sits above the form, the status below it.
    expect(intake.indexOf('brand-notice--info')).toBeLessThan(intake.indexOf('name="problem"'));
    expect(intake.lastIndexOf('brand-notice--status')).toBeGreaterThan(intake.lastIndexOf('</form>'));
    const danish = await (await t.agent().get('/', { 'Accept-Language': 'da' })).text();
    expect(danish).toContain('<strong>inden for en dag</strong>');
    expect(danish).not.toContain('brand-notice--status');
    const russian = await (await t.agent().get('/', { 'Accept-Language': 'ru' })).text();
    expect(russian).not.toContain('brand-notice');

    // The accent comes as a stylesheet (pages allow no inline style), for light colours only.
    const link = /<link rel="stylesheet" href="(\/brand\/css\/[0-9a-f]{6}\.css)">/.exec(intake)![1]!;
    expect(link).toBe('/brand/css/1d4ed8.css');
    // Only colours that pass the check have a stylesheet.
    expect((await t.agent().get('/brand/css/ffcc00.css')).status).toBe(404);
    expect((await t.agent().get('/brand/css/xyz.css')).status).toBe(404);
    const css = await t.agent().get(link);
    expect(css.headers.get('Content-Type')).toContain('text/css');
    expect(css.headers.get('Cache-Control')).toContain('immutable');
    expect(await css.text()).toContain('@media not (prefers-color-scheme: dark) {\n  :root { --accent: #1d4ed8;');
    // Staff pages carry the name too, and the audit log says who changed it.
    expect(await (await ann.agent.get('/admin/branding')).text()).toContain('<title>Branding and notices · Acme &lt;script&gt;');
    expect(auditPage(t.deps.db, null)[0]).toMatchObject({ action: 'settingsChanged', target: 'branding', actorName: 'Ann' });
    expect(await (await t.agent().get('/no-such-page')).text()).toContain('<title>Not found · Acme &lt;script&gt;');
    // Mail says the team's name: an invitation's subject.
    await ann.agent.post('/admin/supporters', { name: 'Nia', email: 'nia@example.com', role: 'supporter', access: 'invite' });
    expect(t.deps.db.prepare("SELECT subject FROM mail_outbox WHERE kind = 'account'").pluck().get()).toBe(`You are invited to Acme ${HOSTILE}`);
  });

  it('refuses an accent that reads badly (saying its contrast), a malformed one, a long name or notice, and saves nothing of that form', async () => {
    const ann = await t.supporter('Ann', 'admin');
    expect(contrastRatio('#ffffff', '#000000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffff00', '#ffffff')).toBeLessThan(1.1);
    const tries: Array<[Record<string, string>, string]> = [
      [{ accent: '#ffcc00' }, '#ffcc00 is too light: its contrast is 1.4:1, and text needs at least 4.5:1'],
      [{ accent: '#2f9e44' }, 'its contrast is 3.'],
      [{ accent: 'red' }, 'Write the colour as # and six hex digits'],
      [{ accent: '#1d4ed8; } body { display: none' }, 'Write the colour as # and six hex digits'],
      [{ team_name: 'A'.repeat(81) }, 'at most 80 characters'],
      [{ status_ru: 'x'.repeat(2001) }, 'at most 2000 characters'],
    ];
    for (const [fields, said] of tries) {
      const answer = await ann.agent.post('/admin/branding', form({ team_name: 'Acme', info_en: 'Hello', ...fields }));
      expect(answer.status, JSON.stringify(fields).slice(0, 80)).toBe(400);
      expect(await answer.text()).toContain(said);
    }
    const intake = await (await t.agent().get('/')).text();
    expect(intake).toContain('<header class="brand"> Support</header>');
    expect(intake).not.toContain('brand-notice');
    expect(intake).not.toContain('/brand/');
    // A dark enough colour passes.
    expect((await ann.agent.post('/admin/branding', form({ accent: '#1f6f5c' }))).status).toBe(200);
  });

  it('only admins change it, and only with the CSRF secret', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const sam = await t.supporter('Sam', 'supervisor');
    expect((await sam.agent.get('/admin/branding')).status).toBe(403);
    expect((await sam.agent.post('/admin/branding', form({ team_name: 'Evil' }))).status).toBe(403);
    expect((await ann.agent.post('/admin/branding', form({ team_name: 'Evil' }), { csrf: 'forged' })).status).toBe(403);
    expect((await t.agent().post('/admin/branding', form({ team_name: 'Evil' }))).status).toBe(401);
    expect((await sendLogo(sam.agent, portraitPng())).status).toBe(403);
    expect((await sendLogo(ann.agent, portraitPng(), null)).status).toBe(403);
    expect(await (await t.agent().get('/')).text()).not.toContain('Evil');
  });

  it('takes a PNG, JPEG or WebP logo up to 200 KB by its bytes, serves it sandboxed and cached for good, and shows it instead of the letter', async () => {
    const ann = await t.supporter('Ann', 'admin');
    await ann.agent.post('/admin/branding', form({ team_name: 'Acme' }));
    for (const [content, said] of [
      ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'must be a PNG, JPEG or WebP'],
      [SAMPLES.gif, 'must be a PNG, JPEG or WebP'],
      [new Uint8Array([...portraitPng(), ...new Uint8Array(200 * 1024)]), 'at most 200 KB'],
      ['', 'Choose a logo file'],
    ] as const) {
      const answer = await sendLogo(ann.agent, content as Uint8Array<ArrayBuffer> | string);
      expect(answer.status).toBe(400);
      expect(await answer.text()).toContain(said);
    }
    expect(await (await t.agent().get('/')).text()).not.toContain('/brand/logo/');

    expect((await sendLogo(ann.agent, portraitPng())).status).toBe(200);
    const intake = await (await t.agent().get('/')).text();
    const src = /<img class="brand__logo" src="(\/brand\/logo\/\d+)" alt="">/.exec(intake)![1]!;
    expect(intake).not.toContain('brand__mark');
    expect(intake).toContain(`<link rel="icon" href="${src}">`);
    const served = await t.agent().get(src);
    expect(served.headers.get('Content-Type')).toBe('image/png');
    expect(served.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(served.headers.get('Content-Security-Policy')).toContain('sandbox');
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(portraitPng());
    // A new save gives a new address; the old one is gone. Removed, the letter is back.
    t.clock.advance(1000);
    await ann.agent.post('/admin/branding', form({ team_name: 'Acme' }));
    expect((await t.agent().get(src)).status).toBe(404);
    expect((await t.agent().get('/brand/logo/abc')).status).toBe(404);
    expect((await ann.agent.post('/admin/branding/logo/remove')).status).toBe(200);
    expect(await (await t.agent().get('/')).text()).toContain('<span class="brand__mark" aria-hidden="true">A</span> Acme');
  });
});
