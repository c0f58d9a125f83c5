import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimTicket } from '../../src/line/claims.ts';
import { closeTicket } from '../../src/line/close.ts';
import { ticketById } from '../../src/line/tickets.ts';
import { render } from '../../src/lib/render.ts';
import { eventsAfter, latestEventId } from '../../src/realtime/events.ts';
import { visitorDetails } from '../../src/visitor/details.ts';
import { signIdentity, verifyIdentity } from '../../src/widget/identity.ts';
import { PAGE_REPORTS_PER_HOUR } from '../../src/widget/pages.ts';
import { makeTestApp } from '../helpers/app.ts';
import { addSiteAs, fromFrame, frameCsrf, joinInFrame, SHOP, ticketCount, ticketRow, type TestApp } from './widget-helpers.ts';

const inAnHour = (t: TestApp) => Math.floor(t.clock.now() / 1000) + 3600;

describe('the widget pages inside another site\'s iframe', () => {
  let t: TestApp;
  let site: Awaited<ReturnType<typeof addSiteAs>>;
  beforeEach(async () => {
    t = makeTestApp();
    site = await addSiteAs(t, await t.supporter('Ann', 'admin'));
  });
  afterEach(() => t.close());

  describe('joining without cookies', () => {
    it('opens a ticket for the site from the frame, with the signed token and no cookie at all', async () => {
      const page = await (await fromFrame(t, `/w/${site.key}?vk=${'k'.repeat(43)}`)).text();
      expect(page).toContain('<label for="problem">Describe your problem</label>');
      expect(page).toContain(`data-origins="https://shop.example https://www.shop.example"`);
      expect(page).toContain(`name="visitor_key" value="${'k'.repeat(43)}"`);
      const { token, id } = await joinInFrame(t, site.key, { visitor_key: 'k'.repeat(43), current_page: `${SHOP}/pricing` });
      expect(ticketRow(t, id)).toMatchObject({ visitor_name: 'Vera', site_id: site.id, visitor_verified: 0, current_page: `${SHOP}/pricing`, visitor_key: 'k'.repeat(43) });

      // The ticket page, framed for the site, streams and posts with the same signed token.
      const ticketPage = await fromFrame(t, `/w/${site.key}/t/${token}`);
      expect(ticketPage.status).toBe(200);
      expect(ticketPage.headers.get('Content-Security-Policy')).toContain('frame-ancestors https://shop.example https://www.shop.example;');
      const html = await ticketPage.text();
      expect(html).toContain(`data-token="${token}"`);
      expect(html).toContain(`hx-sse:connect="/t/${token}/stream?after=`);
      expect(html).toContain('The invoice total is wrong');
      const csrf = html.match(/<meta name="csrf-token" content="([^"]+)">/)![1]!;
      const sent = await fromFrame(t, `/t/${token}/messages`, { fields: { body: 'Order 1234' }, headers: { 'X-CSRF-Token': csrf, 'HX-Request': 'true' } });
      expect(sent.status).toBe(204);
      expect(t.deps.db.prepare('SELECT body FROM messages WHERE ticket_id = ? ORDER BY id DESC LIMIT 1').pluck().get(id)).toBe('Order 1234');
    });

    it('refuses a post without a token, with a forged one or with an expired one, and stores nothing', async () => {
      const csrf = await frameCsrf(t, site.key);
      const forged = [
        '', 'w1.9999999999999.' + '0'.repeat(64), `${csrf.slice(0, -1)}${csrf.endsWith('0') ? '1' : '0'}`,
        csrf.replace(/w1\.(\d+)/, (_, n) => `w1.${Number(n) + 1000}`), 'a'.repeat(43),
      ];
      for (const token of forged) {
        const res = await fromFrame(t, `/w/${site.key}/tickets`, { fields: { _csrf: token, name: 'Vera', problem: 'Help' } });
        expect(res.status, token).toBe(403);
        expect(await res.text()).toContain('This form has expired or did not come from this page.');
      }
      t.clock.advance(24 * 3600_000 + 1);
      expect((await fromFrame(t, `/w/${site.key}/tickets`, { fields: { _csrf: csrf, name: 'Vera', problem: 'Help' } })).status).toBe(403);
      expect(ticketCount(t)).toBe(0);
    });

    it('never accepts the signed token in place of the cookie on a supporter\'s routes', async () => {
      const csrf = await frameCsrf(t, site.key);
      const sam = await t.supporter('Sam', 'admin');
      const res = await sam.agent.post('/admin/sites', { name: 'Evil', origins: 'https://evil.example' }, { csrf });
      expect(res.status).toBe(403);
      const logout = await sam.agent.post('/logout', {}, { csrf });
      expect(logout.status).toBe(403);
      expect(t.deps.db.prepare('SELECT count(*) FROM sites').pluck().get()).toBe(1);
    });

    it('shows what to fix when the form is incomplete, and keeps the frame\'s own fields', async () => {
      const csrf = await frameCsrf(t, site.key);
      const res = await fromFrame(t, `/w/${site.key}/tickets`, {
        fields: { _csrf: csrf, name: '', problem: '', visitor_key: 'v'.repeat(43) }, headers: { 'HX-Request': 'true' },
      });
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('Name is required.');
      expect(html).toContain(`name="visitor_key" value="${'v'.repeat(43)}"`);
      expect(ticketCount(t)).toBe(0);
    });

    it('refuses a blocked visitor calmly', async () => {
      t.deps.db.prepare('INSERT INTO blocks (visitor_key, created_at) VALUES (?, ?)').run('b'.repeat(43), t.clock.now());
      const csrf = await frameCsrf(t, site.key);
      const res = await fromFrame(t, `/w/${site.key}/tickets`, { fields: { _csrf: csrf, name: 'Bo', problem: 'Hi', visitor_key: 'b'.repeat(43) } });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain('You cannot start a chat here right now.');
      expect(ticketCount(t)).toBe(0);
    });
  });

  describe('a visitor signed in on the site', () => {
    it('trusts a valid signed token: name and e-mail filled in, locked, and the ticket verified', async () => {
      const user = signIdentity(site.secret, { name: 'Vera Shopper', email: 'vera@shop.example', exp: inAnHour(t) });
      const page = await (await fromFrame(t, `/w/${site.key}?user=${user}`)).text();
      expect(page).toContain('Signed in as <strong>Vera Shopper</strong> (vera@shop.example), verified by Shop.');
      expect(page).toMatch(/id="name" name="name"[^>]*value="Vera Shopper" readonly/);
      // The locked fields are not trusted: a changed name in the post is ignored.
      const { id } = await joinInFrame(t, site.key, { user, name: 'Mallory', email: 'mallory@evil.example' });
      expect(ticketRow(t, id)).toMatchObject({ visitor_name: 'Vera Shopper', visitor_email: 'vera@shop.example', visitor_verified: 1 });
      const sam = await t.supporter('Sam');
      claimTicket(t.deps, id, sam.id);
      expect(render('desk/_details', visitorDetails(t.deps, ticketById(t.deps.db, id)))).toContain('Verified by Shop');
    });

    it('ignores an invalid, tampered, expired or foreign token and treats the visitor as anonymous', async () => {
      const good = signIdentity(site.secret, { name: 'Vera Shopper', email: 'vera@shop.example', exp: inAnHour(t) });
      const [payload, signature] = good.split('.') as [string, string];
      const tampered = Buffer.from(JSON.stringify({ name: 'Boss', email: 'boss@shop.example', exp: inAnHour(t) })).toString('base64url');
      const hostile = [
        `${tampered}.${signature}`,
        `${payload}.${'0'.repeat(64)}`,
        signIdentity('another site\'s secret', { name: 'Vera Shopper', exp: inAnHour(t) }),
        signIdentity(site.secret, { name: 'Vera Shopper', exp: Math.floor(t.clock.now() / 1000) - 1 }),
        signIdentity(site.secret, { name: 'Vera Shopper', email: 'not an address', exp: inAnHour(t) }),
        signIdentity(site.secret, { name: '', exp: inAnHour(t) }),
        signIdentity(site.secret, { name: 'x'.repeat(81), exp: inAnHour(t) }),
        signIdentity(site.secret, { name: 'No expiry' } as never),
        // Expiring in two days: longer than a signed identity may live.
        signIdentity(site.secret, { name: 'Vera Shopper', exp: Math.floor(t.clock.now() / 1000) + 2 * 86_400 }),
        `${payload}.${signature}.extra`, `${payload}`, 'garbage', '',
      ];
      for (const user of hostile) {
        expect(verifyIdentity(site.secret, user, t.clock.now()), user).toBeNull();
        const page = await (await fromFrame(t, `/w/${site.key}?user=${encodeURIComponent(user)}`)).text();
        expect(page).not.toContain('Signed in as');
        const { id } = await joinInFrame(t, site.key, { user, name: 'Anonymous Vera' });
        expect(ticketRow(t, id)).toMatchObject({ visitor_name: 'Anonymous Vera', visitor_verified: 0 });
      }
    });

    it('stops trusting tokens signed with a secret the admin has replaced', async () => {
      const user = signIdentity(site.secret, { name: 'Vera Shopper', exp: inAnHour(t) });
      expect(verifyIdentity(site.secret, user, t.clock.now())).toEqual({ name: 'Vera Shopper', email: '' });
      const ann = await t.supporter('Ann Two', 'admin');
      await ann.agent.post(`/admin/sites/${site.id}/secret`);
      const { id } = await joinInFrame(t, site.key, { user, name: 'Someone' });
      expect(ticketRow(t, id)).toMatchObject({ visitor_name: 'Someone', visitor_verified: 0 });
    });
  });

  describe('coming back on another page of the site', () => {
    it('starts over with the intake when the stored token is unknown, another site\'s or closed before today', async () => {
      const other = await addSiteAs(t, await t.supporter('Ann Three', 'admin'), { name: 'Other' });
      const theirs = await joinInFrame(t, other.key);
      const mine = await joinInFrame(t, site.key);
      const sam = await t.supporter('Sam');
      claimTicket(t.deps, mine.id, sam.id);
      closeTicket(t.deps, mine.id, sam.id, '');
      // Closed today: the conversation is still there.
      expect(await (await fromFrame(t, `/w/${site.key}/t/${mine.token}`)).text()).toContain(`data-token="${mine.token}"`);
      t.clock.advance(24 * 3600_000);
      for (const token of [mine.token, theirs.token, 'x'.repeat(43), 'short']) {
        const res = await fromFrame(t, `/w/${site.key}/t/${token}`);
        expect(res.status).toBe(200);
        const html = await res.text();
        expect(html).toContain(' data-forget');
        expect(html).toContain('Describe your problem');
        expect(html).not.toContain('data-token');
      }
    });
  });

  describe('the page the visitor is on now', () => {
    it('stores the host page and updates the holder\'s details panel live', async () => {
      const { token, id, csrf } = await joinInFrame(t, site.key);
      const sam = await t.supporter('Sam');
      claimTicket(t.deps, id, sam.id);
      const report = (url: string, headers: Record<string, string> = { 'X-CSRF-Token': csrf }) => fromFrame(t, `/t/${token}/page`, { fields: { url }, headers });
      const before = latestEventId(t.deps.db);
      expect((await report(`${SHOP}/checkout?step=2`)).status).toBe(204);
      expect(ticketRow(t, id).current_page).toBe(`${SHOP}/checkout?step=2`);
      const events = eventsAfter(t.deps.db, before, 100).filter((e) => e.type === 'ticket.details');
      expect(events).toMatchObject([{ topic: 'ticket', ticketId: id, supporterId: sam.id }]);
      expect(render('desk/_details', visitorDetails(t.deps, ticketById(t.deps.db, id)))).toContain('shop.example/checkout?step=2');
      // The same page again changes nothing and tells nobody.
      expect((await report(`${SHOP}/checkout?step=2`)).status).toBe(204);
      expect(eventsAfter(t.deps.db, before, 100).filter((e) => e.type === 'ticket.details')).toHaveLength(1);
    });

    it(`takes at most ${PAGE_REPORTS_PER_HOUR} page changes a ticket per hour (429), then starts over`, async () => {
      const { token, id, csrf } = await joinInFrame(t, site.key);
      const report = (url: string) => fromFrame(t, `/t/${token}/page`, { fields: { url }, headers: { 'X-CSRF-Token': csrf } });
      for (let i = 0; i < PAGE_REPORTS_PER_HOUR; i++) expect((await report(`${SHOP}/p${i}`)).status).toBe(204);
      const before = latestEventId(t.deps.db);
      const refused = await report(`${SHOP}/one-more`);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThan(0);
      expect(ticketRow(t, id).current_page).toBe(`${SHOP}/p${PAGE_REPORTS_PER_HOUR - 1}`);
      expect(latestEventId(t.deps.db)).toBe(before);
      t.clock.advance(3600_000);
      expect((await report(`${SHOP}/later`)).status).toBe(204);
    });

    it('refuses addresses that are not http(s) or too long, forged tokens and posts without CSRF', async () => {
      const { token, id, csrf } = await joinInFrame(t, site.key, { current_page: `${SHOP}/` });
      const before = latestEventId(t.deps.db);
      for (const url of ['javascript:alert(1)', 'data:text/html,<b>x</b>', `${SHOP}/${'a'.repeat(500)}`, '', `${SHOP}/\u0000x`]) {
        const res = await fromFrame(t, `/t/${token}/page`, { fields: { url }, headers: { 'X-CSRF-Token': csrf } });
        expect(res.status, url).toBe(400);
        expect(await res.text()).toContain('http(s) address');
      }
      expect((await fromFrame(t, `/t/${'x'.repeat(43)}/page`, { fields: { url: `${SHOP}/a` }, headers: { 'X-CSRF-Token': csrf } })).status).toBe(404);
      expect((await fromFrame(t, `/t/${token}/page`, { fields: { url: `${SHOP}/a` } })).status).toBe(403);
      expect(ticketRow(t, id).current_page).toBe(`${SHOP}/`);
      expect(latestEventId(t.deps.db)).toBe(before);
    });
  });
});
