import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deliverDue, mailOfTicket, type OutboxRow } from '../../src/mail/outbox.ts';
import { queueOfflineMail } from '../../src/mail/offline.ts';
import { startMailSender } from '../../src/mail/sender.ts';
import { mailTransport } from '../../src/mail/transport.ts';
import { commit } from '../../src/realtime/events.ts';
import { Invalid } from '../../src/lib/errors.ts';
import { makeTestApp, tempDir } from '../helpers/app.ts';
import { freePort } from '../e2e/browser.ts';
import { parse, startSmtp, type TestSmtp } from './smtp.ts';
import { t as translated } from '../../src/i18n/index.ts';
import { marked, shown, upTo } from '../helpers/texts.ts';

const FROM = 'Lineup Help <help@lineup.test>';
const HOSTILE = '<script>alert("x")</script> & <b>bold</b>';
const NOTE = 'Customer is on the legacy plan';
const MINUTE = 60_000;

type TestApp = ReturnType<typeof makeTestApp>;

/** Vera (with an e-mail address, unless told otherwise) waits; Sam claims her ticket. */
async function claimedTicket(t: TestApp, email = 'vera@example.com') {
  const sam = await t.supporter('Sam Supporter');
  const visitor = t.agent();
  const page = await visitor.join('Vera', 'The invoice total is wrong', email);
  expect((await sam.agent.post('/desk/tickets/1/claim', {}, { htmx: true })).status).toBe(200);
  const say = async (body: string, note = false) =>
    expect((await sam.agent.post('/desk/tickets/1/messages', { body, ...(note && { note: '1' }) }, { htmx: true })).status).toBe(204);
  const close = async (resolution = '') =>
    expect((await sam.agent.post('/desk/tickets/1/close', { resolution }, { htmx: true })).status).toBe(204);
  return { sam, visitor, page, say, close };
}

const outbox = (t: TestApp): OutboxRow[] => mailOfTicket(t.deps.db, 1);
const visitorOnPage = (t: TestApp, online: boolean) =>
  t.deps.db.prepare('UPDATE tickets SET visitor_online = ? WHERE id = 1').run(online ? 1 : 0);

describe('mail to visitors, delivered to a real SMTP server', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  const send = () => deliverDue(t.deps, mailTransport(t.deps.config));
  beforeEach(async () => {
    smtp = await startSmtp();
    t = makeTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: FROM, PUBLIC_URL: 'http://lineup.test' });
  });
  afterEach(async () => { t.close(); await smtp.close(); });

  it('sends the transcript on close from the service address to the visitor, as plain text and escaped HTML, without private notes', async () => {
    const { visitor, page, say, close } = await claimedTicket(t);
    visitorOnPage(t, true);
    expect((await visitor.post(`${page}/messages`, { body: HOSTILE }, { htmx: true })).status).toBe(204);
    await say(NOTE, true);
    await say('Try clearing the cache.');
    await close('Cleared the cache <i>done</i>');
    expect(outbox(t).map((m) => m.kind)).toEqual(['transcript']);

    expect(await send()).toEqual({ sent: 1, failed: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.mailFrom).toBe('help@lineup.test');
    expect(mail!.headers.from).toBe(FROM);
    expect(mail!.rcptTo).toEqual(['vera@example.com']);
    expect(mail!.headers.to).toBe('Vera <vera@example.com>');
    expect(mail!.headers['reply-to']).toBeUndefined();
    expect(mail!.headers.sender).toBeUndefined();
    expect(mail!.raw).not.toContain('sam@example.com');
    expect(mail!.headers.subject).toBe(translated('en', 'mail.transcriptSubject', { service: 'Lineup Help' }));
    expect(mail!.headers['content-type']).toMatch(/^multipart\/alternative/);

    expect(mail!.text).toContain(HOSTILE);
    expect(mail!.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    expect(mail!.html).not.toMatch(/<script|<b>bold/);
    for (const part of [mail!.text, mail!.html]) {
      expect(part).toContain(upTo(translated('en', 'mail.hello'), 'name') + 'Vera');
      expect(part).toContain('The invoice total is wrong');
      expect(part).toContain('Try clearing the cache.');
      expect(part).toContain(translated('en', 'system.closed', { name: 'Sam Supporter' }));
      expect(part).toMatch(/http:\/\/lineup\.test\/t\/[A-Za-z0-9_-]{43}/);
    }
    expect(mail!.text).toContain('Cleared the cache <i>done</i>');
    expect(mail!.html).toContain('Cleared the cache &lt;i&gt;done&lt;/i&gt;');
    expect(mail!.raw).not.toContain('legacy plan');
    expect(outbox(t)[0]).toMatchObject({ state: 'sent', attempts: 1, lastError: null });
  });

  it("writes to a visitor who left the page when a supporter answers, with a link that opens their ticket", async () => {
    const { say } = await claimedTicket(t);
    await say('Here is the answer <b>now</b>');
    expect(await send()).toEqual({ sent: 1, failed: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.headers.subject).toBe(translated('en', 'mail.replySubject', { supporter: 'Sam Supporter' }));
    expect(mail!.headers.from).toBe(FROM);
    expect(mail!.rcptTo).toEqual(['vera@example.com']);
    expect(mail!.text).toContain('Here is the answer <b>now</b>');
    expect(mail!.html).toContain('Here is the answer &lt;b&gt;now&lt;/b&gt;');

    const link = /http:\/\/lineup\.test(\/t\/[A-Za-z0-9_-]+)/.exec(mail!.text)![1]!;
    expect(mail!.html).toContain(`http://lineup.test${link}`);
    const opened = await t.agent().get(link);
    expect(opened.status).toBe(200);
    const html = await opened.text();
    expect(html).toContain('The invoice total is wrong');
    expect(html).toContain('Here is the answer &lt;b&gt;now&lt;/b&gt;');
    expect((await t.agent().get(`${link}x`)).status).toBe(404);

    // A mailbox is read for years: the key opens the ticket for 30 days, then says it expired.
    t.clock.advance(30 * 24 * 60 * MINUTE - 1);
    expect((await t.agent().get(link)).status).toBe(200);
    t.clock.advance(1);
    const expired = await t.agent().get(link);
    expect(expired.status).toBe(404);
    expect(await expired.text()).toContain(shown('en', 'ticket.linkExpired', { days: 30 }));
  });

  it("shows a supporter's light formatting the same in the reply mail, the transcript mail and the visitor's page; the visitor's own stays text", async () => {
    const { visitor, page, say, close } = await claimedTicket(t);
    await say('**Fixed**: see www.example.com/help\n- clear the cache\n- sign in again');
    expect(await send()).toEqual({ sent: 1, failed: 0 });
    const formatted = '<p><strong>Fixed</strong>: see <a href="https://www.example.com/help" target="_blank" rel="noopener noreferrer">www.example.com/help</a></p>\n<ul>\n<li>clear the cache</li>\n<li>sign in again</li>\n</ul>';
    const [reply] = await smtp.waitFor(1);
    expect(reply!.html).toContain(formatted);
    expect(await (await visitor.get(page)).text()).toContain(formatted);
    visitorOnPage(t, true);
    expect((await visitor.post(`${page}/messages`, { body: '**thanks** <b>x</b>' }, { htmx: true })).status).toBe(204);
    await close('');
    expect(await send()).toEqual({ sent: 1, failed: 0 });
    const [, transcript] = await smtp.waitFor(2);
    expect(transcript!.html).toContain(formatted);
    expect(transcript!.html).toContain('**thanks** &lt;b&gt;x&lt;/b&gt;');
    expect(transcript!.html).not.toContain('<strong>thanks');
  });

  it('sends at most one reply mail per ticket every ten minutes', async () => {
    const { say } = await claimedTicket(t);
    await say('First answer');
    t.clock.advance(5 * MINUTE);
    await say('Second answer');
    expect(outbox(t)).toHaveLength(1);
    t.clock.advance(6 * MINUTE);
    await say('Third answer');
    expect(outbox(t).map((m) => m.kind)).toEqual(['reply', 'reply']);
    expect(await send()).toEqual({ sent: 2, failed: 0 });
    const mails = await smtp.waitFor(2);
    expect(mails.map((m) => m.text.includes('First answer'))).toEqual([true, false]);
    expect(mails[1]!.text).toContain('Third answer');
  });

  it('does not write while the visitor is on the page, but does once they step away', async () => {
    const { visitor, page, say } = await claimedTicket(t);
    visitorOnPage(t, true);
    await say('You are right here');
    expect(outbox(t)).toEqual([]);
    expect((await visitor.post(`${page}/away`, {}, { htmx: true })).status).toBe(204);
    await say('Are you still there?');
    expect(outbox(t).map((m) => m.kind)).toEqual(['reply']);
    expect(outbox(t)[0]!.text).toContain('Are you still there?');
  });

  it('never mails a private note, nor the visitor their own message', async () => {
    const { visitor, page, say } = await claimedTicket(t);
    await say(NOTE, true);
    expect((await visitor.post(`${page}/messages`, { body: 'Hello?' }, { htmx: true })).status).toBe(204);
    expect(outbox(t)).toEqual([]);
    expect(await send()).toEqual({ sent: 0, failed: 0 });
  });

  it('sends nothing to a visitor who gave no e-mail address', async () => {
    const { say, close } = await claimedTicket(t, '');
    await say('An answer nobody is mailed');
    await close('Done');
    expect(outbox(t)).toEqual([]);
    expect(await send()).toEqual({ sent: 0, failed: 0 });
    expect(smtp.received).toEqual([]);
  });

  it('sends freshly queued mail within a second once the sender runs, and stops cleanly', async () => {
    const sender = startMailSender(t.deps);
    try {
      const { say } = await claimedTicket(t);
      const queuedAt = Date.now();
      await say('Sent by the running sender');
      const [mail] = await smtp.waitFor(1);
      expect(Date.now() - queuedAt).toBeLessThan(1000);
      expect(mail!.text).toContain('Sent by the running sender');
    } finally {
      await sender.stop();
    }
    expect(outbox(t)[0]).toMatchObject({ state: 'sent' });
  });

  it("sends an offline message to the team's address, with Reply-To the visitor", async () => {
    await t.agent().join('Vera', 'Please call me back', 'vera@example.com');
    commit(t.deps, (tx) => queueOfflineMail(tx, {
      ticketId: 1, name: 'Vera', email: 'vera@example.com', message: 'Please call me <b>back</b>', now: t.clock.now(), teamEmail: 'team@lineup.test',
    }));
    await send();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.rcptTo).toEqual(['team@lineup.test']);
    expect(mail!.headers.from).toBe(FROM);
    expect(mail!.headers['reply-to']).toBe('Vera <vera@example.com>');
    expect(mail!.text).toContain('Please call me <b>back</b>');
    expect(mail!.html).toContain('Please call me &lt;b&gt;back&lt;/b&gt;');
    // Nothing is queued for a name posing as a header, nor without a team address.
    expect(() => commit(t.deps, (tx) => queueOfflineMail(tx, {
      ticketId: 1, name: 'Vera\r\nBcc: evil@example.com', email: null, message: 'x', now: t.clock.now(), teamEmail: 'team@lineup.test',
    }))).toThrow(Invalid);
    expect(commit(t.deps, (tx) => queueOfflineMail(tx, { ticketId: 1, name: 'Vera', email: null, message: 'x', now: 0, teamEmail: '' }))).toBeNull();
    expect(outbox(t)).toHaveLength(1);
  });

  it("writes the team's mail in the team's language (TEAM_LANGUAGE), the visitor's words as they are", async () => {
    await t.agent().join('Вера', 'Перезвоните мне', 'vera@example.com');
    commit(t.deps, (tx) => queueOfflineMail(tx, {
      ticketId: 1, name: 'Вера <b>', email: null, message: 'Перезвоните <i>мне</i>', now: t.clock.now(), teamEmail: 'team@lineup.test', lang: 'da',
    }));
    await send();
    const [mail] = await smtp.waitFor(1);
    const name = 'Вера <b>';
    expect(mail!.headers.subject).toBe(translated('da', 'mail.offlineSubject', { name }));
    expect(mail!.text).toContain(translated('da', 'mail.offlineIntro', { name }));
    expect(mail!.text).toContain(translated('da', 'mail.offlineTicket', { id: 1 }));
    expect(mail!.text).toContain(translated('da', 'mail.offlineNoEmail', { name }));
    expect(mail!.html).toContain(marked('da', 'mail.offlineIntro', { name }));
    expect(mail!.html).toContain('<strong>Вера &lt;b&gt;</strong>');
    expect(mail!.html).toContain('Перезвоните &lt;i&gt;мне&lt;/i&gt;');
    expect(mail!.html).not.toContain(translated('en', 'mail.offlineIntro').split('{name}')[1]!.trim());
  });
});

describe('a failing mail server', () => {
  const SECRET = 's3cret-pa55';
  let t: TestApp | undefined;
  let smtp: TestSmtp | undefined;
  afterEach(async () => { t?.close(); await smtp?.close(); t = undefined; smtp = undefined; });
  const send = () => deliverDue(t!.deps, mailTransport(t!.deps.config));
  const mailRow = () => outbox(t!)[0]!;
  /** Nothing a supporter sees about a failure may carry the server's address, the password or a stack trace. */
  const expectSafe = (text: string) => {
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('smtp://');
    expect(text).not.toContain('127.0.0.1');
    expect(text).not.toMatch(/\bat .+:\d+:\d+/);
  };

  it('keeps mail queued, waiting longer each time with a safe reason, while the server refuses it (4xx, 5xx), and delivers once it takes mail again', async () => {
    smtp = await startSmtp({ user: 'lineup', password: SECRET });
    t = makeTestApp({ SMTP_URL: `smtp://lineup:${SECRET}@127.0.0.1:${smtp.port}`, MAIL_FROM: FROM });
    const { close } = await claimedTicket(t);
    visitorOnPage(t, true);
    smtp.state.rejectWith = 451;
    await close('Sorted');
    expect(t.deps.db.prepare('SELECT state FROM tickets WHERE id = 1').get()).toEqual({ state: 'closed' });

    expect(await send()).toEqual({ sent: 0, failed: 1 });
    expect(mailRow()).toMatchObject({ state: 'queued', attempts: 1, nextAttemptAt: t.clock.now() + MINUTE,
      lastError: translated('en', 'admin.mail.reasonBusy', { status: 451 }) });
    expect(await send()).toEqual({ sent: 0, failed: 0 }); // not due yet

    t.clock.advance(MINUTE);
    smtp.state.rejectWith = 550;
    expect(await send()).toEqual({ sent: 0, failed: 1 });
    expect(mailRow()).toMatchObject({ state: 'queued', attempts: 2, nextAttemptAt: t.clock.now() + 5 * MINUTE,
      lastError: translated('en', 'admin.mail.reasonRefused', { status: 550 }) });
    expectSafe(mailRow().lastError!);

    const admin = await t.supporter('Ada Admin', 'admin');
    const page = await (await admin.agent.get('/admin/mail')).text();
    expect(page).toContain(shown('en', 'admin.mail.reasonRefused', { status: 550 }));
    expectSafe(page);
    const transcript = await (await admin.agent.get('/transcripts/1/mail', { 'HX-Request': 'true' })).text();
    const retrying = upTo(shown('en', 'admin.mail.stateRetrying', { count: 2 }), 'time');
    expect(transcript).toContain(marked('en', 'admin.mail.ticketLine', { kind: translated('en', 'admin.mail.ticketTranscript'), address: 'vera@example.com', state: '' },
      (text, name) => (name === 'state' ? retrying : text)));
    expect(transcript).toContain(shown('en', 'admin.mail.reasonRefused', { status: 550 }));

    smtp.state.rejectWith = null;
    t.clock.advance(5 * MINUTE);
    expect(await send()).toEqual({ sent: 1, failed: 0 });
    const [mail] = await smtp.waitFor(1);
    expect(mail!.text).toContain('Sorted');
    expect(mailRow()).toMatchObject({ state: 'sent', attempts: 3, lastError: null });
    expect(await (await admin.agent.get('/transcripts/1/mail', { 'HX-Request': 'true' })).text()).toContain(marked('en', 'admin.mail.ticketLine',
      { kind: translated('en', 'admin.mail.ticketTranscript'), address: 'vera@example.com', state: '' }, (text, name) => (name === 'state' ? upTo(shown('en', 'admin.mail.stateSent'), 'time') : text)));
  });

  it('says "Could not reach the mail server." while nothing listens, and delivers once the server is back', async () => {
    const port = await freePort();
    t = makeTestApp({ SMTP_URL: `smtp://lineup:${SECRET}@127.0.0.1:${port}`, MAIL_FROM: FROM });
    const { close } = await claimedTicket(t);
    await close();
    expect(await send()).toEqual({ sent: 0, failed: 1 });
    expect(mailRow()).toMatchObject({ state: 'queued', attempts: 1, lastError: translated('en', 'admin.mail.reasonUnreachable') });
    smtp = await startSmtp({ port, user: 'lineup', password: SECRET });
    t.clock.advance(MINUTE);
    expect(await send()).toEqual({ sent: 1, failed: 0 });
    expect((await smtp.waitFor(1))[0]!.rcptTo).toEqual(['vera@example.com']);
  });

  it('names a refused sign-in without repeating the password', async () => {
    smtp = await startSmtp({ user: 'lineup', password: 'the right one' });
    t = makeTestApp({ SMTP_URL: `smtp://lineup:${SECRET}@127.0.0.1:${smtp.port}`, MAIL_FROM: FROM });
    const { close } = await claimedTicket(t);
    await close();
    await send();
    expect(mailRow().lastError).toBe(translated('en', 'admin.mail.reasonSignIn'));
    expect(smtp.received).toEqual([]);
  });

  it('gives up after eight attempts and shows it, and "Send again now" tries once more', async () => {
    smtp = await startSmtp();
    t = makeTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: FROM });
    const { close } = await claimedTicket(t);
    await close();
    smtp.state.rejectWith = 550;
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt++) {
      await send();
      waits.push((mailRow().nextAttemptAt - t.clock.now()) / MINUTE);
      t.clock.advance(8 * 60 * MINUTE);
    }
    expect(waits.slice(0, 7)).toEqual([1, 5, 15, 60, 120, 240, 480]);
    expect(mailRow()).toMatchObject({ state: 'failed', attempts: 8 });
    expect(await send()).toEqual({ sent: 0, failed: 0 }); // failed mail is not retried by itself

    const lead = await t.supporter('Lea Lead', 'supervisor');
    const page = await (await lead.agent.get('/admin/mail')).text();
    expect(page).toContain(shown('en', 'admin.mail.failed'));
    expect(page).toContain(shown('en', 'admin.mail.sendAgain'));
    const again = await lead.agent.post('/admin/mail/1/send');
    expect(again.status).toBe(200);
    expect(await again.text()).toContain(shown('en', 'admin.mail.sendingAgain', { address: 'vera@example.com' }));
    expect(mailRow()).toMatchObject({ state: 'queued', nextAttemptAt: t.clock.now() });
    smtp.state.rejectWith = null;
    expect(await send()).toEqual({ sent: 1, failed: 0 });
    expect(mailRow()).toMatchObject({ state: 'sent', attempts: 9 });
  });
});

describe('without SMTP_URL', () => {
  it('writes each mail as a readable .eml file into MAIL_DIR', async () => {
    const dir = path.join(tempDir(), 'mail');
    const t = makeTestApp({ MAIL_DIR: dir, MAIL_FROM: FROM });
    try {
      const { say, close } = await claimedTicket(t);
      await say('Here is what would have been sent');
      await close('All good');
      expect(await deliverDue(t.deps, mailTransport(t.deps.config))).toEqual({ sent: 2, failed: 0 });
      const files = fs.readdirSync(dir).sort();
      expect(files).toHaveLength(2);
      expect(files[0]).toMatch(/^2026-01-05T09-00-00-000Z-1-reply\.eml$/);
      expect(files[1]).toMatch(/^2026-01-05T09-00-00-000Z-2-transcript\.eml$/);
      const eml = parse(fs.readFileSync(path.join(dir, files[1]!), 'utf8'));
      expect(eml.headers.from).toBe(FROM);
      expect(eml.headers.to).toBe('Vera <vera@example.com>');
      expect(eml.text).toContain('All good');
      expect(eml.html).toContain('Here is what would have been sent');
      expect(outbox(t).every((m) => m.state === 'sent')).toBe(true);
    } finally {
      t.close();
      fs.rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });
});
