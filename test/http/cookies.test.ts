import { afterEach, describe, expect, it } from 'vitest';
import { makeTestApp } from '../helpers/app.ts';

describe('cookies', () => {
  let t: ReturnType<typeof makeTestApp>;
  afterEach(() => t.close());

  it('are HttpOnly and SameSite=Lax on plain http', async () => {
    t = makeTestApp();
    const res = await t.agent().get('/');
    const csrf = res.headers.getSetCookie().find((c) => c.startsWith('lineup_csrf='))!;
    expect(csrf).toMatch(/HttpOnly/);
    expect(csrf).toMatch(/SameSite=Lax/);
    expect(csrf).not.toMatch(/Secure/);
  });

  it('take the __Host- prefix and Secure when Lineup is served over https', async () => {
    t = makeTestApp({ PUBLIC_URL: 'https://help.example.com' });
    const visitor = t.agent();
    const res = await visitor.get('/');
    const csrf = res.headers.getSetCookie().find((c) => c.startsWith('__Host-lineup_csrf='))!;
    expect(csrf).toMatch(/Secure/);
    expect(csrf).toMatch(/Path=\//);
    expect(csrf).not.toMatch(/Domain=/);
    // The form still works with the prefixed secret.
    const body = new URLSearchParams({ name: 'Vera', problem: 'Help', _csrf: visitor.cookies.get('__Host-lineup_csrf')! });
    const join = await visitor.request('/tickets', { method: 'POST', body, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(join.status).toBe(303);
    expect(join.headers.getSetCookie().some((c) => c.startsWith('__Host-lineup_ticket=') && /Secure/.test(c))).toBe(true);
    // A cookie without the prefix (planted by a sibling subdomain) is not the secret.
    const planted = t.agent();
    planted.cookies.set('lineup_csrf', 'A'.repeat(43));
    const forged = await planted.request('/tickets', {
      method: 'POST', body: new URLSearchParams({ name: 'Mallory', problem: 'x', _csrf: 'A'.repeat(43) }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(forged.status).toBe(403);
  });
});
