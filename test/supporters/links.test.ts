import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditPage } from '../../src/audit/audit.ts';
import { deliverDue, mailById } from '../../src/mail/outbox.ts';
import { mailTransport } from '../../src/mail/transport.ts';
import { findSupporterByEmail, getSupporter } from '../../src/supporters/accounts.ts';
import { makeTestApp } from '../helpers/app.ts';
import { startSmtp, type Received, type TestSmtp } from '../mail/smtp.ts';

type TestApp = ReturnType<typeof makeTestApp>;
const HOUR = 3600_000;
const NEW_PASSWORD = 'a brand new passphrase';

/** The one-time link in a mail's plain text, as a path. */
function linkIn(mail: Received): string {
  const match = /http:\/\/lineup\.test(\/set-password\/[A-Za-z0-9_-]+)/.exec(mail.text);
  if (!match) throw new Error(`no link in: ${mail.text}`);
  return match[1]!;
}

describe('one-time links by e-mail: invitations and password resets, through a real SMTP server', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  const send = () => deliverDue(t.deps, mailTransport(t.deps.config));
  /** Sends what is queued and returns the newest mail the server got. */
  async function nextMail(): Promise<Received> {
    const before = smtp.received.length;
    expect((await send()).sent).toBeGreaterThanOrEqual(1);
    return (await smtp.waitFor(before + 1)).at(-1)!;
  }
  const signIn = (email: string, password: string) => t.agent().post('/login', { email, password });

  beforeEach(async () => {
    smtp = await startSmtp();
    t = makeTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Acme Help <help@acme.test>', PUBLIC_URL: 'http://lineup.test' });
  });
  afterEach(async () => { t.close(); await smtp.close(); });

  it('an admin invites by e-mail; the invitee chooses a password from the link (once) and signs in', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const added = await ann.agent.post('/admin/supporters', { name: 'Nia <New>', email: 'Nia@Example.com', role: 'supervisor', access: 'invite' });
    expect(added.status).toBe(200);
    const listed = await added.text();
    expect(listed).toContain('Invited Nia &lt;New&gt;: the invitation is on its way to nia@example.com.');
    expect(listed).toMatch(/<td>Invited<\/td>/);
    const nia = findSupporterByEmail(t.deps.db, 'nia@example.com')!;
    expect(nia).toMatchObject({ name: 'Nia <New>', role: 'supervisor', enabled: true });
    expect(nia.invitedAt).not.toBeNull();
    // No password yet: nothing signs in, not even an empty one.
    expect((await signIn('nia@example.com', '')).status).toBe(400);
    expect((await signIn('nia@example.com', 'correct horse battery')).status).toBe(400);

    const mail = await nextMail();
    expect(mail.rcptTo).toEqual(['nia@example.com']);
    expect(mail.headers.subject).toBe('You are invited to Acme Help');
    expect(mail.text).toContain('Ann has added you to the Acme Help support team as supervisor.');
    expect(mail.html).toContain('Nia &lt;New&gt;');
    const link = linkIn(mail);
    expect(mail.html).toContain(`http://lineup.test${link}`);
    // Once sent, the outbox keeps who and when, not the key.
    const stored = mailById(t.deps.db, 1)!;
    expect(stored).toMatchObject({ kind: 'account', state: 'sent', text: '', html: '' });
    expect(JSON.stringify(t.deps.db.prepare('SELECT * FROM account_links').all())).not.toContain(link.split('/').pop());

    const visitor = t.agent();
    const page = await (await visitor.get(link)).text();
    expect(page).toContain('<h1>Welcome, Nia &lt;New&gt;</h1>');
    // A weak or mismatched password is refused and the link still works.
    expect((await visitor.post(link, { password: 'short', confirm: 'short' })).status).toBe(400);
    const mismatch = await visitor.post(link, { password: NEW_PASSWORD, confirm: 'something else entirely' });
    expect(mismatch.status).toBe(400);
    expect(await mismatch.text()).toContain('The two new passwords are not the same.');
    const saved = await visitor.post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('Your password is saved. Sign in with it to start.');
    expect(getSupporter(t.deps.db, nia.id)!.invitedAt).toBeNull();
    expect((await signIn('nia@example.com', NEW_PASSWORD)).status).toBe(303);
    // Single use: the same link again is refused, and the password stays.
    const again = await t.agent().post(link, { password: 'an attacker passphrase', confirm: 'an attacker passphrase' });
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('This link no longer works');
    expect((await t.agent().get(link)).status).toBe(404);
    expect((await signIn('nia@example.com', NEW_PASSWORD)).status).toBe(303);
    const actions = auditPage(t.deps.db, null).map((e) => [e.action, e.actorName]);
    expect(actions).toContainEqual(['supporterInvited', 'Ann']);
    expect(actions).toContainEqual(['invitationAccepted', 'Nia <New>']);
  });

  it('a reset link from an admin: the old password works until it is used; using it ends every session; it expires after an hour; a newer one voids it', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const bob = await t.supporter('Bob');
    expect((await ann.agent.get(`/admin/supporters/${bob.id}`)).status).toBe(200);
    const sent = await ann.agent.post(`/admin/supporters/${bob.id}/send-link`);
    expect(sent.status).toBe(200);
    expect(await sent.text()).toContain('A password reset link is on its way to bob@example.com.');
    const first = linkIn(await nextMail());
    expect((await signIn('bob@example.com', 'correct horse battery')).status).toBe(303);

    // A second link voids the first.
    await ann.agent.post(`/admin/supporters/${bob.id}/send-link`);
    const mail = await nextMail();
    expect(mail.headers.subject).toBe('Choose a new password for Acme Help');
    expect(mail.text).toContain('The link works once, for one hour.');
    const second = linkIn(mail);
    expect((await t.agent().get(first)).status).toBe(404);
    expect((await t.agent().get(second)).status).toBe(200);

    const saved = await t.agent().post(second, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain('every other session has ended');
    // Bob's signed-in browser is out; the old password no longer works, the new one does.
    expect((await bob.agent.get('/desk', { Accept: 'text/html' })).status).toBe(303);
    expect((await signIn('bob@example.com', 'correct horse battery')).status).toBe(400);
    expect((await signIn('bob@example.com', NEW_PASSWORD)).status).toBe(303);
    expect(auditPage(t.deps.db, null).map((e) => e.action)).toEqual(expect.arrayContaining(['passwordLinkSent', 'passwordReset']));

    // A fresh link expires after an hour.
    await ann.agent.post(`/admin/supporters/${bob.id}/send-link`);
    const late = linkIn(await nextMail());
    t.clock.advance(HOUR + 1000);
    expect((await t.agent().post(late, { password: 'too late passphrase', confirm: 'too late passphrase' })).status).toBe(404);
    expect((await signIn('bob@example.com', NEW_PASSWORD)).status).toBe(303);
  });

  it('a password changed any other way voids open links; a disabled or deleted account cannot use one', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const bob = await t.supporter('Bob');
    await ann.agent.post(`/admin/supporters/${bob.id}/send-link`);
    const link = linkIn(await nextMail());
    const changed = await bob.agent.post('/account/password', { current: 'correct horse battery', password: NEW_PASSWORD, confirm: NEW_PASSWORD });
    expect(changed.status).toBe(200);
    expect((await t.agent().get(link)).status).toBe(404);

    await ann.agent.post(`/admin/supporters/${bob.id}/send-link`);
    const another = linkIn(await nextMail());
    expect((await ann.agent.post(`/admin/supporters/${bob.id}/disable`)).status).toBe(200);
    expect((await t.agent().post(another, { password: 'a disabled passphrase', confirm: 'a disabled passphrase' })).status).toBe(404);
    // Nor does an admin send one to a disabled account, or to one that does not exist.
    const refused = await ann.agent.post(`/admin/supporters/${bob.id}/send-link`);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain('Bob&#39;s account is disabled: enable it first');
    expect((await ann.agent.post('/admin/supporters/9999/send-link')).status).toBe(404);
    expect((await ann.agent.post('/admin/supporters/x/send-link')).status).toBe(404);
    expect(await send()).toEqual({ sent: 0, failed: 0 });
    // Enabled again and sent a link, then deleted: the link dies with the account.
    await ann.agent.post(`/admin/supporters/${bob.id}/enable`);
    await ann.agent.post(`/admin/supporters/${bob.id}/send-link`);
    const last = linkIn(await nextMail());
    expect((await ann.agent.post(`/admin/supporters/${bob.id}/delete`, { confirm: 'yes' })).status).toBe(200);
    expect((await t.agent().get(last)).status).toBe(404);
    expect((await t.agent().post(last, { password: 'a deleted passphrase', confirm: 'a deleted passphrase' })).status).toBe(404);
  });

  it('only admins send links, and only with the CSRF secret', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const bob = await t.supporter('Bob');
    const sam = await t.supporter('Sam', 'supervisor');
    expect((await bob.agent.post(`/admin/supporters/${ann.id}/send-link`)).status).toBe(403);
    expect((await sam.agent.post(`/admin/supporters/${ann.id}/send-link`)).status).toBe(403);
    expect((await ann.agent.post(`/admin/supporters/${bob.id}/send-link`, {}, { csrf: 'forged' })).status).toBe(403);
    expect((await t.agent().post(`/admin/supporters/${bob.id}/send-link`)).status).toBe(401);
    expect((await ann.agent.post('/admin/supporters', { name: 'Eve', email: 'eve@example.com', role: 'admin', access: 'invite' }, { csrf: 'forged' })).status).toBe(403);
    expect(findSupporterByEmail(t.deps.db, 'eve@example.com')).toBeUndefined();
    expect(await send()).toEqual({ sent: 0, failed: 0 });
  });

  it('exactly one of two simultaneous uses of a link wins', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const bob = await t.supporter('Bob');
    await ann.agent.post(`/admin/supporters/${bob.id}/send-link`);
    const link = linkIn(await nextMail());
    const answers = await Promise.all(['first passphrase!', 'second passphrase'].map((password) => t.agent().post(link, { password, confirm: password })));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 404]);
    const winner = answers[0]!.status === 200 ? 'first passphrase!' : 'second passphrase';
    expect((await signIn('bob@example.com', winner)).status).toBe(303);
  });

  it('"Forgot your password?" answers the same for anyone, mails only real enabled accounts, at most 3 an hour each, 10 asks per address', async () => {
    const ann = await t.supporter('Ann', 'admin');
    const bob = await t.supporter('Bob');
    const login = await (await t.agent().get('/login')).text();
    expect(login).toContain('href="/forgot-password"');
    const visitor = t.agent();
    expect((await visitor.get('/forgot-password')).status).toBe(200);
    const unknown = await visitor.post('/forgot-password', { email: 'nobody@example.com' });
    const known = await visitor.post('/forgot-password', { email: 'Bob@Example.com' });
    const said = (html: string) => html.replace(/nobody@example\.com|bob@example\.com/, 'X');
    expect(unknown.status).toBe(200);
    expect(known.status).toBe(200);
    expect(said(await unknown.text())).toBe(said(await known.text()));
    const mail = await nextMail();
    expect(mail.rcptTo).toEqual(['bob@example.com']);
    expect(mail.text).toContain('Someone, probably you or an admin, asked for a new password');
    expect(smtp.received).toHaveLength(1);

    // Two more for Bob this hour, then none, whoever asks.
    for (let i = 0; i < 4; i++) await t.agent().post('/forgot-password', { email: 'bob@example.com' });
    expect((await send()).sent).toBe(2);
    // A disabled account gets nothing.
    await ann.agent.post(`/admin/supporters/${bob.id}/disable`);
    t.clock.advance(HOUR + 1000);
    await t.agent().post('/forgot-password', { email: 'bob@example.com' });
    expect((await send()).sent).toBe(0);
    // An empty form is a clear error; the address is limited (10 asks per 15 minutes).
    expect((await visitor.post('/forgot-password', { email: '' })).status).toBe(400);
    const asks = [];
    for (let i = 0; i < 10; i++) asks.push((await visitor.post('/forgot-password', { email: `x${i}@example.com` })).status);
    expect(asks.filter((s) => s === 429).length).toBeGreaterThan(0);
    const limited = await visitor.post('/forgot-password', { email: 'ann@example.com' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect((await send()).sent).toBe(0);
  });

  it('refuses forged, foreign and oversized tokens with a plain 404, and forged forms with 403', async () => {
    const ann = await t.supporter('Ann', 'admin');
    await ann.agent.post(`/admin/supporters/${ann.id}/send-link`);
    const link = linkIn(await nextMail());
    for (const path of ['/set-password/x', `/set-password/${'A'.repeat(43)}`, `/set-password/${'a'.repeat(5000)}`, `${link}x`, `${link.slice(0, -1)}`]) {
      expect((await t.agent().get(path)).status, path).toBe(404);
      expect((await t.agent().post(path, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).status, path).toBe(404);
    }
    expect((await t.agent().post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD }, { csrf: 'forged' })).status).toBe(403);
    // The real link still works after all that.
    expect((await t.agent().post(link, { password: NEW_PASSWORD, confirm: NEW_PASSWORD })).status).toBe(200);
  });
});
