import { Hono, type Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { t } from '../i18n/index.ts';
import { CSRF_COOKIE, csrfProtection } from './csrf.ts';
import { declaring, takesUpload } from './declared.ts';
import type { AppEnv } from './env.ts';
import { mount, table, type Guard } from './table.ts';

// Served at help.example.com, on plain http (no __Host- prefix) to keep cookies short here.
const config = loadConfig({ PUBLIC_URL: 'http://help.example.com' });
const SECRET = 'A'.repeat(43);
/** A stand-in for the widget's signed token (src/widget/csrf.ts signs and checks the real one). */
const SIGNED = 'w1.signed';
const changed = (c: Context) => c.text('changed');

function app() {
  const app = new Hono<AppEnv>();
  app.use((c, next) => { c.set('lang', 'en'); return next(); });
  app.use(csrfProtection(config, (token) => token === SIGNED));
  app.get('/page', (c) => c.text(c.get('csrf')));
  app.post('/change', changed);
  const visitor: Guard = declaring({ signedToken: 'lineup' }, (_c, next) => next());
  const hostPage: Guard = declaring({ signedToken: 'host' }, (_c, next) => next());
  const supporter: Guard = (_c, next) => next();
  mount(app, [
    table('/t/:token', [
      ['POST', '/messages', visitor,              changed],
      ['POST', '/files',    visitor, takesUpload, changed],
    ]),
    table('/w/:key', [['POST', '/invites', hostPage, changed]]),
    table('/desk', [['POST', '/tickets/:id/claim', supporter, changed]]),
  ]);
  return app;
}
const post = (headers: Record<string, string>, body?: string) =>
  app().request('/change', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body });

describe('CSRF protection', () => {
  it('gives a browser without a secret a new one, in an HttpOnly cookie and to the page', async () => {
    const res = await app().request('/page');
    const secret = await res.text();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.headers.get('Set-Cookie')).toMatch(new RegExp(`^${CSRF_COOKIE}=${secret};.*HttpOnly`));
  });

  it('keeps a well-formed secret and replaces a malformed one', async () => {
    const kept = await app().request('/page', { headers: { Cookie: `${CSRF_COOKIE}=${SECRET}` } });
    expect([await kept.text(), kept.headers.get('Set-Cookie')]).toEqual([SECRET, null]);
    const replaced = await app().request('/page', { headers: { Cookie: `${CSRF_COOKIE}=short` } });
    expect(await replaced.text()).not.toBe('short');
  });

  it('lets a change through with the secret in the form or in the X-CSRF-Token header', async () => {
    expect(await (await post({ Cookie: `${CSRF_COOKIE}=${SECRET}` }, `_csrf=${SECRET}`)).text()).toBe('changed');
    expect(await (await post({ Cookie: `${CSRF_COOKIE}=${SECRET}`, 'X-CSRF-Token': SECRET })).text()).toBe('changed');
  });

  it('refuses a change without the secret, with a wrong one, or without the cookie, and says why', async () => {
    for (const res of [
      await post({ Cookie: `${CSRF_COOKIE}=${SECRET}` }),
      await post({ Cookie: `${CSRF_COOKIE}=${SECRET}` }, `_csrf=${'B'.repeat(43)}`),
      await post({}, `_csrf=${SECRET}`),
    ]) {
      expect(res.status).toBe(403);
      expect(await res.text()).toBe(t('en', 'error.formExpired'));
    }
  });

  describe("the widget's signed token, where no cookie reaches the widget's frame", () => {
    const fromFrame = (path: string, origin: string | null, token = SIGNED) => app().request(path, {
      method: 'POST', body: `_csrf=${token}`,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...(origin ? { Origin: origin } : {}) },
    });

    it("is accepted on a route that declares it, from Lineup's own pages", async () => {
      expect(await (await fromFrame('/t/abc/messages', 'http://help.example.com')).text()).toBe('changed');
      // The origin the request was sent to counts as Lineup's too.
      expect(await (await fromFrame('/t/abc/messages', 'http://localhost')).text()).toBe('changed');
    });

    it('is refused from any other page, or when the browser names none', async () => {
      expect((await fromFrame('/t/abc/messages', 'https://evil.example')).status).toBe(403);
      expect((await fromFrame('/t/abc/messages', null)).status).toBe(403);
    });

    it("is accepted from the host page on the route that checks the site's origins itself", async () => {
      expect(await (await fromFrame('/w/key/invites', 'https://shop.example')).text()).toBe('changed');
    });

    it("is refused on a supporter's route, even from Lineup's own pages and beside the cookie", async () => {
      expect((await fromFrame('/desk/tickets/1/claim', 'http://help.example.com')).status).toBe(403);
      const withCookie = await app().request('/desk/tickets/1/claim', {
        method: 'POST', body: `_csrf=${SIGNED}`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'http://help.example.com', Cookie: `${CSRF_COOKIE}=${SECRET}` },
      });
      expect(withCookie.status).toBe(403);
      expect(await withCookie.text()).toBe(t('en', 'error.formExpired'));
    });

    it('is refused when it is not a valid signed token', async () => {
      expect((await fromFrame('/t/abc/messages', 'http://help.example.com', 'w1.forged')).status).toBe(403);
    });
  });

  describe('an upload', () => {
    it('takes the secret from the header only: its body is never read before the check', async () => {
      const upload = (headers: Record<string, string>) => app().request('/t/abc/files', {
        method: 'POST', body: `_csrf=${SECRET}`, headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `${CSRF_COOKIE}=${SECRET}`, ...headers },
      });
      expect((await upload({})).status).toBe(403);
      expect(await (await upload({ 'X-CSRF-Token': SECRET })).text()).toBe('changed');
    });
  });
});
