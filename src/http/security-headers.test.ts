import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './env.ts';
import { securityHeaders } from './security-headers.ts';

function app() {
  const app = new Hono<AppEnv>();
  app.use(securityHeaders);
  app.get('/page', (c) => c.html('<p>page</p>'));
  app.get('/framed', (c) => { c.set('frameAncestors', 'https://shop.example'); return c.html('<p>widget</p>'); });
  app.get('/file', (c) => c.body('bytes', 200, { 'Content-Security-Policy': "default-src 'none'; sandbox" }));
  app.get('/stream', (c) => c.body(null, 200, { 'x-hono-already-sent': '1' }));
  return app;
}

describe('security headers', () => {
  it('forbid sniffing, framing, inline scripts and foreign referrers on every page', async () => {
    const res = await app().request('/page');
    expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
    expect(res.headers.get('Referrer-Policy')).toBe('same-origin');
    expect(res.headers.get('X-Frame-Options')).toBe('DENY');
    expect(res.headers.get('Content-Security-Policy')).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  });

  it("let a widget page be framed by its site's origins only", async () => {
    const res = await app().request('/framed');
    expect(res.headers.get('X-Frame-Options')).toBeNull();
    expect(res.headers.get('Content-Security-Policy')).toContain('frame-ancestors https://shop.example;');
  });

  it('keep a policy a response brings (a served file allows nothing at all)', async () => {
    expect((await app().request('/file')).headers.get('Content-Security-Policy')).toBe("default-src 'none'; sandbox");
  });

  it('leave a stream written straight to the socket alone', async () => {
    const res = await app().request('/stream');
    expect(res.headers.get('X-Content-Type-Options')).toBeNull();
    expect(res.headers.get('Content-Security-Policy')).toBeNull();
  });
});
