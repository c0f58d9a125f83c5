import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimTicket } from '../../src/line/claims.ts';
import { openTicket, ticketById } from '../../src/line/tickets.ts';
import { listMessages } from '../../src/chat/messages.ts';
import { makeTestApp, Agent } from '../helpers/app.ts';

describe('supporter accounts', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  it('offers the first-run page only while nobody has an account, and only once', async () => {
    const first = t.agent();
    expect((await first.get('/login')).headers.get('Location')).toBe('/setup');
    const res = await first.post('/setup', { name: 'Ann', email: 'ann@example.com', password: 'long enough pw' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Location')).toBe('/desk');
    expect((await first.get('/desk')).status).toBe(200);

    const second = t.agent();
    expect((await second.get('/setup')).headers.get('Location')).toBe('/login');
    const again = await second.post('/setup', { name: 'Mallory', email: 'm@example.com', password: 'long enough pw' });
    expect(again.status).toBe(409);
    expect(t.deps.db.prepare('SELECT role FROM supporters ORDER BY id').pluck().all()).toEqual(['admin']);
  });

  it('stores passwords as scrypt hashes, never in the clear', async () => {
    await t.supporter('Ann');
    const row = t.deps.db.prepare('SELECT password_hash AS passwordHash FROM supporters').get() as { passwordHash: string };
    expect(row.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.passwordHash).not.toContain('correct horse');
  });

  it('renews the session at login and destroys it at logout, in HttpOnly SameSite cookies', async () => {
    const ann = await t.supporter('Ann');
    const planted = 'planted-session-id';
    ann.agent.cookies.set('lineup_session', planted);
    const login = await ann.agent.request('/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: `lineup_csrf=${ann.agent.csrf}; lineup_session=${planted}` },
      body: new URLSearchParams({ email: 'ann@example.com', password: 'correct horse battery', _csrf: ann.agent.csrf }),
    });
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('lineup_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const session = cookie.split(';')[0]!.split('=')[1]!;
    expect(session).not.toBe(planted);
    expect(session.length).toBeGreaterThanOrEqual(43);

    expect((await ann.agent.get('/desk')).status).toBe(200);
    await ann.agent.post('/logout');
    expect(ann.agent.cookies.has('lineup_session')).toBe(false);
    // The old secret is dead on the server too, not just forgotten by the browser.
    const replay = new Agent(t.app);
    replay.cookies.set('lineup_session', session);
    expect((await replay.get('/desk', { Accept: 'text/html' })).status).toBe(303);
  });

  it('rate-limits failed sign-ins per account, even with the right password afterwards', async () => {
    await t.supporter('Ann');
    const attacker = t.agent();
    for (let i = 0; i < 5; i++) {
      const res = await attacker.post('/login', { email: 'ann@example.com', password: `wrong ${i}` });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('That e-mail and password do not match.');
    }
    const blocked = await attacker.post('/login', { email: 'ann@example.com', password: 'correct horse battery' });
    expect(blocked.status).toBe(429);
    expect(await blocked.text()).toContain('Too many failed sign-ins');
    t.clock.advance(16 * 60 * 1000);
    expect((await attacker.post('/login', { email: 'ann@example.com', password: 'correct horse battery' })).status).toBe(303);
  });

  it('rate-limits failed sign-ins per address across many accounts', async () => {
    const attacker = t.agent();
    for (let i = 0; i < 30; i++) await attacker.post('/login', { email: `user${i}@example.com`, password: 'guess' });
    const res = await attacker.post('/login', { email: 'someone@example.com', password: 'guess' });
    expect(res.status).toBe(429);
  });

  it('lets an admin add, disable and re-enable supporters; a disabled one is signed out and their tickets return to the line', async () => {
    const admin = await t.supporter('Ada', 'admin');
    const bob = await t.supporter('Bob');
    const { ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    claimTicket(t.deps, ticketId, bob.id);

    const added = await admin.agent.post('/admin/supporters', { name: 'Cy', email: 'cy@example.com', password: 'long enough pw', role: 'supervisor' });
    expect(added.status).toBe(200);
    expect(await added.text()).toContain('Cy can now sign in.');
    const dup = await admin.agent.post('/admin/supporters', { name: 'Cy', email: 'CY@example.com', password: 'long enough pw', role: 'supporter' });
    expect(dup.status).toBe(409);
    expect(await dup.text()).toContain('already exists');

    expect((await admin.agent.post(`/admin/supporters/${bob.id}/disable`)).status).toBe(200);
    expect(t.deps.db.prepare('SELECT * FROM sessions WHERE supporter_id = ?').all(bob.id)).toHaveLength(0);
    expect((await bob.agent.get('/desk', { Accept: 'text/html' })).status).toBe(303);
    const ticket = ticketById(t.deps.db, ticketId);
    expect(ticket.state).toBe('waiting');
    expect(listMessages(t.deps.db, ticketId).at(-1)!.body).toContain('back in the line at your old place');
    const relogin = await bob.agent.post('/login', { email: 'bob@example.com', password: 'correct horse battery' });
    expect(await relogin.text()).toContain('This account is disabled.');

    expect((await admin.agent.post(`/admin/supporters/${bob.id}/enable`)).status).toBe(200);
    expect((await bob.agent.post('/login', { email: 'bob@example.com', password: 'correct horse battery' })).status).toBe(303);
  });

  it("keeps the admin page for admins, and doesn't let an admin disable themselves", async () => {
    const admin = await t.supporter('Ada', 'admin');
    const sam = await t.supporter('Sam');
    expect((await sam.agent.get('/admin/supporters')).status).toBe(403);
    expect((await sam.agent.post(`/admin/supporters/${admin.id}/disable`)).status).toBe(403);
    expect((await admin.agent.post(`/admin/supporters/${admin.id}/disable`)).status).toBe(403);
    expect((await admin.agent.post('/admin/supporters/999/disable')).status).toBe(404);
    expect(t.deps.db.prepare('SELECT enabled FROM supporters').pluck().all().every((enabled) => enabled === 1)).toBe(true);
  });
});

describe('sign-in limits under concurrency', () => {
  it('counts parallel guesses too: at most 5 of 40 simultaneous attempts are checked', async () => {
    const t = makeTestApp();
    try {
      await t.supporter('Ann');
      const attacker = t.agent();
      await attacker.get('/login');
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) =>
        attacker.post('/login', { email: 'ann@example.com', password: `guess ${i}` }).then((r) => r.status)));
      expect(results.filter((s) => s === 400).length).toBeLessThanOrEqual(5);
      expect(results.filter((s) => s === 429).length).toBeGreaterThanOrEqual(35);
    } finally {
      t.close();
    }
  });
});
