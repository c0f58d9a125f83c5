import { generateSync } from 'otplib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditPage } from '../../src/audit/audit.ts';
import { getSupporter } from '../../src/supporters/accounts.ts';
import { Agent, makeTestApp } from '../helpers/app.ts';

type TestApp = ReturnType<typeof makeTestApp>;
const PASSWORD = 'correct horse battery';

/** The code an authenticator app shows for `secret` at the test clock's time (or `offsetMs` from it). */
const codeFor = (t: TestApp, secret: string, offsetMs = 0) => generateSync({ secret, epoch: Math.floor((t.clock.now() + offsetMs) / 1000) });

/** Sets up two-factor on an account page as its owner would; returns the secret and the recovery codes shown. */
async function turnOn(t: TestApp, agent: Agent): Promise<{ secret: string; codes: string[] }> {
  const setup = await (await agent.post('/account/two-factor/setup')).text();
  expect(setup).toMatch(/<figure class="enrol__qr" role="img" aria-label="QR code for your authenticator app"><svg /);
  const secret = /name="secret" value="([A-Z2-7]{32})"/.exec(setup)![1]!;
  const on = await agent.post('/account/two-factor/on', { secret, code: codeFor(t, secret) });
  expect(on.status).toBe(200);
  const html = await on.text();
  const codes = [...html.matchAll(/<li><code>([a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4})<\/code><\/li>/g)].map((m) => m[1]!);
  expect(codes).toHaveLength(10);
  return { secret, codes };
}

describe('two-factor sign-in (TOTP, RFC 6238)', () => {
  let t: TestApp;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  /** Signs in with the password: a fresh browser, on the second step (no session yet). */
  async function passwordStep(email: string) {
    const agent = t.agent();
    const answer = await agent.post('/login', { email, password: PASSWORD });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('<h1>Enter your sign-in code</h1>');
    expect((await agent.get('/desk', { Accept: 'text/html' })).headers.get('Location')).toBe('/login');
    return agent;
  }

  it('is set up on the account page with a QR code drawn on the server, then asks for a code after the password; a code works once', async () => {
    const bob = await t.supporter('Bob');
    // A wrong code, or a forged secret, turns nothing on; the page keeps the secret the app may already hold.
    const setup = await (await bob.agent.post('/account/two-factor/setup')).text();
    const secret = /name="secret" value="([A-Z2-7]{32})"/.exec(setup)![1]!;
    const wrong = await bob.agent.post('/account/two-factor/on', { secret, code: '000000' === codeFor(t, secret) ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain(`value="${secret}"`);
    expect((await bob.agent.post('/account/two-factor/on', { secret: 'AAAA', code: codeFor(t, secret) })).status).toBe(400);
    expect((await bob.agent.post('/account/two-factor/on', { secret, code: codeFor(t, secret) }, { csrf: 'forged' })).status).toBe(403);
    expect(getSupporter(t.deps.db, bob.id)!.twoFactor).toBe(false);

    const on = await bob.agent.post('/account/two-factor/on', { secret, code: codeFor(t, secret) });
    expect(await on.text()).toContain('Your recovery codes');
    expect(getSupporter(t.deps.db, bob.id)!.twoFactor).toBe(true);
    // Only hashes are kept: no recovery code and no password in the table.
    expect(t.deps.db.prepare('SELECT count(*) FROM recovery_codes WHERE supporter_id = ? AND used_at IS NULL').pluck().get(bob.id)).toBe(10);
    expect(await (await bob.agent.get('/account')).text()).toContain('On. 10 recovery codes left.');

    t.clock.advance(60_000);
    const agent = await passwordStep('bob@example.com');
    const code = codeFor(t, secret);
    const right = await agent.post('/login/code', { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(right.status).toBe(303);
    expect(right.headers.get('Location')).toBe('/desk');
    expect((await agent.get('/desk')).status).toBe(200);
    // The same code again (seen over a shoulder) is spent, even within its 30 seconds.
    const again = await passwordStep('bob@example.com');
    expect((await again.post('/login/code', { code })).status).toBe(400);
    // A code 30 s ahead (a phone's clock a little fast) is accepted; 2 minutes ahead is not.
    expect((await again.post('/login/code', { code: codeFor(t, secret, 120_000) })).status).toBe(400);
    expect((await again.post('/login/code', { code: codeFor(t, secret, 30_000) })).status).toBe(303);
    const entries = auditPage(t.deps.db, null);
    expect(entries.find((e) => e.action === 'twoFactorOn')).toMatchObject({ actorName: 'Bob' });
    expect(entries.filter((e) => e.action === 'signIn').map((e) => e.detail)).toContain('with two-factor');
    expect(entries.filter((e) => e.action === 'signInFailed').map((e) => e.detail)).toContain('wrong second-factor code');
  });

  it('takes each recovery code once, and new codes void the old ones', async () => {
    const bob = await t.supporter('Bob');
    const { secret, codes } = await turnOn(t, bob.agent);
    const first = await passwordStep('bob@example.com');
    expect((await first.post('/login/code', { code: codes[0]!.toUpperCase().replaceAll('-', ' ') })).status).toBe(303);
    expect(auditPage(t.deps.db, null)[0]).toMatchObject({ action: 'signIn', detail: 'with a recovery code (9 left)' });
    const second = await passwordStep('bob@example.com');
    expect((await second.post('/login/code', { code: codes[0]! })).status).toBe(400);
    // New codes need a current code from the app; then the old ones stop working.
    expect((await bob.agent.post('/account/two-factor/codes', { code: codes[1]! })).status).toBe(400);
    t.clock.advance(30_000);
    const renewed = await bob.agent.post('/account/two-factor/codes', { code: codeFor(t, secret) });
    expect(renewed.status).toBe(200);
    expect(await renewed.text()).toContain('Your recovery codes');
    expect((await second.post('/login/code', { code: codes[1]! })).status).toBe(400);
    expect(t.deps.db.prepare('SELECT count(*) FROM recovery_codes WHERE supporter_id = ?').pluck().get(bob.id)).toBe(10);
  });

  it('allows 5 tries per sign-in and 10 wrong codes per account in 15 minutes; a second step lasts 5 minutes', async () => {
    const bob = await t.supporter('Bob');
    const { secret } = await turnOn(t, bob.agent);
    const wrong = (c: string) => (c === '123456' ? '654321' : '123456');
    const agent = await passwordStep('bob@example.com');
    for (let i = 0; i < 4; i++) expect((await agent.post('/login/code', { code: wrong(codeFor(t, secret)) })).status).toBe(400);
    const fifth = await agent.post('/login/code', { code: wrong(codeFor(t, secret)) });
    expect(await fifth.text()).toContain('Too many wrong codes. Sign in again with your password.');
    // That step is over: even the right code now asks for the password again.
    const over = await agent.post('/login/code', { code: codeFor(t, secret) });
    expect(await over.text()).toContain('That took too long');
    expect((await agent.get('/desk', { Accept: 'text/html' })).status).toBe(303);

    // Five more wrong in a new sign-in make ten for the account: then even a right code is refused for 15 minutes.
    const next = await passwordStep('bob@example.com');
    for (let i = 0; i < 4; i++) await next.post('/login/code', { code: wrong(codeFor(t, secret)) });
    const third = await passwordStep('bob@example.com');
    await third.post('/login/code', { code: wrong(codeFor(t, secret)) });
    const refused = await third.post('/login/code', { code: codeFor(t, secret) });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Retry-After')).toBe('900');
    t.clock.advance(15 * 60_000 + 1000);
    const later = await passwordStep('bob@example.com');
    t.clock.advance(5 * 60_000 + 1000);
    expect(await (await later.post('/login/code', { code: codeFor(t, secret) })).text()).toContain('That took too long');
    const inTime = await passwordStep('bob@example.com');
    expect((await inTime.post('/login/code', { code: codeFor(t, secret) })).status).toBe(303);
  });

  it('a forged or missing step, or a post without the CSRF secret, signs nobody in', async () => {
    const bob = await t.supporter('Bob');
    const { secret } = await turnOn(t, bob.agent);
    const stranger = t.agent();
    expect(await (await stranger.post('/login/code', { code: codeFor(t, secret) })).text()).toContain('That took too long');
    stranger.cookies.set('lineup_signin', 'A'.repeat(43));
    expect(await (await stranger.post('/login/code', { code: codeFor(t, secret) })).text()).toContain('That took too long');
    const agent = await passwordStep('bob@example.com');
    expect((await agent.post('/login/code', { code: codeFor(t, secret) }, { csrf: 'forged' })).status).toBe(403);
    expect((await agent.get('/desk', { Accept: 'text/html' })).status).toBe(303);
  });

  it('is turned off with the password and a code; an admin can turn it off for someone who lost their phone', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const bob = await t.supporter('Bob');
    const { secret } = await turnOn(t, bob.agent);
    t.clock.advance(30_000);
    expect((await bob.agent.post('/account/two-factor/off', { password: 'wrong password!', code: codeFor(t, secret) })).status).toBe(400);
    expect((await bob.agent.post('/account/two-factor/off', { password: PASSWORD, code: '12' })).status).toBe(400);
    expect(getSupporter(t.deps.db, bob.id)!.twoFactor).toBe(true);
    const off = await bob.agent.post('/account/two-factor/off', { password: PASSWORD, code: codeFor(t, secret) });
    expect(await off.text()).toContain('Two-factor sign-in is off.');
    expect((await t.agent().post('/login', { email: 'bob@example.com', password: PASSWORD })).status).toBe(303);

    await turnOn(t, bob.agent);
    expect((await bob.agent.post(`/admin/supporters/${bob.id}/two-factor-off`)).status).toBe(403);
    expect((await ann.agent.post('/admin/supporters/9999/two-factor-off')).status).toBe(404);
    const reset = await ann.agent.post(`/admin/supporters/${bob.id}/two-factor-off`);
    expect(await reset.text()).toContain('Two-factor sign-in is off for Bob.');
    expect(getSupporter(t.deps.db, bob.id)!.twoFactor).toBe(false);
    expect(t.deps.db.prepare('SELECT count(*) FROM recovery_codes WHERE supporter_id = ?').pluck().get(bob.id)).toBe(0);
    expect(auditPage(t.deps.db, null)[0]).toMatchObject({ action: 'twoFactorReset', actorName: 'Ann' });
  });

  it('required for everyone: only by an admin who has it; those without it are signed out and set it up at their next sign-in', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const bob = await t.supporter('Bob');
    const refused = await ann.agent.post('/admin/two-factor', { required: '1' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Set up two-factor sign-in for yourself first');
    expect((await bob.agent.post('/admin/two-factor', { required: '1' })).status).toBe(403);

    const { secret: annSecret } = await turnOn(t, ann.agent);
    const required = await ann.agent.post('/admin/two-factor', { required: '1' });
    expect(await required.text()).toContain('Two-factor sign-in is now required for everyone; 1 session without it ended.');
    // Ann (who has it) stays; Bob's session is over.
    expect((await ann.agent.get('/admin/supporters')).status).toBe(200);
    expect((await bob.agent.get('/desk', { Accept: 'text/html' })).status).toBe(303);

    // Bob's next sign-in sets it up before any session exists.
    const agent = t.agent();
    const step = await (await agent.post('/login', { email: 'bob@example.com', password: PASSWORD })).text();
    expect(step).toContain('<h1>Set up two-factor sign-in</h1>');
    const secret = /name="secret" value="([A-Z2-7]{32})"/.exec(step)![1]!;
    expect((await agent.get('/desk', { Accept: 'text/html' })).status).toBe(303);
    const wrong = await agent.post('/login/code', { secret, code: codeFor(t, secret) === '000000' ? '111111' : '000000' });
    expect(wrong.status).toBe(400);
    expect(await wrong.text()).toContain(`value="${secret}"`);
    const done = await agent.post('/login/code', { secret, code: codeFor(t, secret) });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Your recovery codes');
    expect((await agent.get('/desk')).status).toBe(200);
    // While required, nobody turns it off for themselves.
    t.clock.advance(30_000);
    expect((await agent.post('/account/two-factor/off', { password: PASSWORD, code: codeFor(t, secret) })).status).toBe(403);
    expect(getSupporter(t.deps.db, bob.id)!.twoFactor).toBe(true);
    // Optional again: the next sign-in of someone without it needs the password only.
    t.clock.advance(30_000);
    expect((await ann.agent.post('/admin/two-factor', {})).status).toBe(200);
    await ann.agent.post(`/admin/supporters/${bob.id}/two-factor-off`);
    expect((await t.agent().post('/login', { email: 'bob@example.com', password: PASSWORD })).status).toBe(303);
    expect(codeFor(t, annSecret)).toMatch(/^\d{6}$/);
  });
});
