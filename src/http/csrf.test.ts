import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { t } from '../i18n/index.ts';
import { CSRF_COOKIE, csrfProtection } from './csrf.ts';
import type { AppEnv } from './env.ts';

const config = loadConfig({});
const SECRET = 'A'.repeat(43);

function app() {
  const app = new Hono<AppEnv>();
  app.use((c, next) => { c.set('lang', 'en'); return next(); });
  app.use(csrfProtection(config));
  app.get('/page', (c) => c.text(c.get('csrf')));
  app.post('/change', (c) => c.text('changed'));
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
});
