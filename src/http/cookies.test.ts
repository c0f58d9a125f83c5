import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { clearCookie, readCookie, writeCookie } from './cookies.ts';

const plain = loadConfig({});
const secure = loadConfig({ PUBLIC_URL: 'https://help.example.com' });

function appWith(config: typeof plain) {
  const app = new Hono();
  app.get('/write', (c) => { writeCookie(c, config, 'lineup_x', 'value', 60); return c.body(null, 204); });
  app.get('/session', (c) => { writeCookie(c, config, 'lineup_x', 'value'); return c.body(null, 204); });
  app.get('/read', (c) => c.text(readCookie(c, config, 'lineup_x') ?? '(none)'));
  app.get('/clear', (c) => { clearCookie(c, config, 'lineup_x'); return c.body(null, 204); });
  return app;
}

describe('cookies', () => {
  it('are HttpOnly, SameSite=Lax and for the whole site, without Secure on plain http', async () => {
    const set = (await appWith(plain).request('/write')).headers.get('Set-Cookie')!;
    expect(set).toMatch(/^lineup_x=value;/);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Lax/);
    expect(set).toMatch(/Path=\//);
    expect(set).toMatch(/Max-Age=60/);
    expect(set).not.toMatch(/Secure/);
  });

  it('last as long as the browser session when given no age', async () => {
    expect((await appWith(plain).request('/session')).headers.get('Set-Cookie')).not.toMatch(/Max-Age|Expires/);
  });

  it('take the __Host- prefix and Secure over https, and never a Domain', async () => {
    const set = (await appWith(secure).request('/write')).headers.get('Set-Cookie')!;
    expect(set).toMatch(/^__Host-lineup_x=value;/);
    expect(set).toMatch(/Secure/);
    expect(set).not.toMatch(/Domain=/);
  });

  it("read only the prefixed cookie over https: one planted without the prefix isn't ours", async () => {
    const app = appWith(secure);
    expect(await (await app.request('/read', { headers: { Cookie: 'lineup_x=planted' } })).text()).toBe('(none)');
    expect(await (await app.request('/read', { headers: { Cookie: '__Host-lineup_x=ours' } })).text()).toBe('ours');
    expect(await (await appWith(plain).request('/read', { headers: { Cookie: 'lineup_x=ours' } })).text()).toBe('ours');
  });

  it('are cleared for the whole site', async () => {
    const set = (await appWith(secure).request('/clear')).headers.get('Set-Cookie')!;
    expect(set).toMatch(/^__Host-lineup_x=;/);
    expect(set).toMatch(/Max-Age=0/);
    expect(set).toMatch(/Path=\//);
  });
});
