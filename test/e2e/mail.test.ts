import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { freePort, hasChromium, launchBrowser, person } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { addSupporters, claim, openDesk } from './desk-session.ts';
import { startSmtp, type TestSmtp } from '../mail/smtp.ts';
import { audit } from './axe.ts';

const VERA = '<img src=x onerror=alert(1)>Vera';

describe.skipIf(!hasChromium())('the transcript by e-mail, from a real browser to a real SMTP server', () => {
  let server: RunningServer;
  let smtp: TestSmtp;
  let browser: Browser;
  beforeAll(async () => {
    smtp = await startSmtp();
    const port = await freePort();
    server = await startServer({ env: {
      PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Lineup Help <help@lineup.test>',
    } });
    await addSupporters(server.databasePath, [['Ann Admin', 'admin']]);
    browser = await launchBrowser();
  });
  afterAll(async () => { await browser?.close(); await server?.stop(); await smtp?.close(); });

  it('mails the visitor the conversation when the supporter closes, and its link opens the ticket again', async () => {
    const ann = await openDesk(browser, server.url, 'Ann Admin');
    const vera = await person(browser, { phone: true });
    await vera.page.goto(server.url);
    await vera.page.getByLabel('Name').fill(VERA);
    await vera.page.getByLabel('E-mail').fill('vera@example.com');
    await vera.page.getByLabel('Describe your problem').fill('The invoice total is <b>wrong</b>');
    await vera.page.getByRole('button', { name: 'Join the line' }).click();
    await vera.page.getByText(/Your place in line: \d+/).waitFor();

    await claim(ann, VERA);
    const tab = ann.page.locator('[role="tabpanel"]:not([hidden])');
    await tab.getByRole('radio', { name: 'Private note' }).check();
    await tab.getByLabel('Message').fill('Customer is on the legacy plan');
    await tab.getByLabel('Message').press('Enter');
    await tab.locator('.msg--note', { hasText: 'Customer is on the legacy plan' }).waitFor();
    await tab.locator('input[data-mode="reply"]:checked').waitFor({ state: 'attached' });
    await tab.getByLabel('Message').fill('I corrected the total.');
    await tab.getByLabel('Message').press('Enter');
    await vera.page.getByText('I corrected the total.').waitFor();
    await tab.getByLabel('Resolution note (optional)').fill('Invoice reissued');
    await tab.getByRole('button', { name: 'Close ticket' }).click();
    await vera.page.getByText('This ticket is closed.').waitFor();

    // Vera was on her page the whole time: the only mail is the transcript, sent within moments.
    const [mail] = await smtp.waitFor(1);
    expect(smtp.received).toHaveLength(1);
    expect(mail!.mailFrom).toBe('help@lineup.test');
    expect(mail!.rcptTo).toEqual(['vera@example.com']);
    expect(mail!.headers.subject).toBe('Your conversation with Lineup Help');
    expect(mail!.text).toContain('The invoice total is <b>wrong</b>');
    expect(mail!.text).toContain('I corrected the total.');
    expect(mail!.text).toContain('Invoice reissued');
    expect(mail!.html).toContain('The invoice total is &lt;b&gt;wrong&lt;/b&gt;');
    expect(mail!.raw).not.toContain('legacy plan');

    // The link in the mail opens the closed ticket in a fresh browser (no cookie of Vera's).
    const link = /http:\/\/127\.0\.0\.1:\d+\/t\/[A-Za-z0-9_-]+/.exec(mail!.text)![0];
    const later = await person(browser, { phone: true });
    await later.page.goto(link);
    await later.page.getByText('This ticket is closed.').waitFor();
    await later.page.getByText('I corrected the total.').waitFor();
    expect(await later.page.getByText('Customer is on the legacy plan').count()).toBe(0);

    // Ann sees what became of the mail on the transcript and on the mail page.
    await ann.page.goto(`${server.url}/transcripts/1`);
    await ann.page.getByText(/Transcript e-mail to vera@example\.com: sent/).waitFor();
    await ann.page.getByRole('link', { name: 'Mail' }).click();
    await ann.page.getByRole('heading', { name: 'Mail' }).waitFor();
    expect(await ann.page.locator('#mail-1').textContent()).toContain('Sent');

    expect([...ann.errors, ...vera.errors, ...later.errors]).toEqual([]);
  });

  it('an admin invites a colleague; the invitation lets them choose a password on their phone and sign in; "Forgot your password?" brings a reset link', async () => {
    const before = smtp.received.length;
    const ann = await openDesk(browser, server.url, 'Ann Admin');
    await ann.page.goto(`${server.url}/admin/supporters`);
    const password = ann.page.getByLabel('Password', { exact: true });
    // An invitation is the default: no password to type, so none is asked for.
    await expect.poll(() => password.isVisible()).toBe(false);
    await ann.page.getByLabel('Set a password now').check();
    await expect.poll(() => password.isVisible()).toBe(true);
    await ann.page.getByLabel('Send an invitation by e-mail: they choose their own password').check();
    await ann.page.getByLabel('Name', { exact: true }).fill('Nia Newcomer');
    await ann.page.getByLabel('E-mail', { exact: true }).fill('nia@example.com');
    await ann.page.getByRole('button', { name: 'Add supporter' }).click();
    await ann.page.getByText('Invited Nia Newcomer: the invitation is on its way to nia@example.com.').waitFor();
    const problems = await audit(ann.page, 'supporters with an invitee');

    const invitation = (await smtp.waitFor(before + 1)).at(-1)!;
    expect(invitation.rcptTo).toEqual(['nia@example.com']);
    const link = /http:\/\/127\.0\.0\.1:\d+\/set-password\/[A-Za-z0-9_-]+/.exec(invitation.text)![0];
    const nia = await person(browser, { phone: true });
    await nia.page.goto(link);
    await nia.page.getByRole('heading', { name: 'Welcome, Nia Newcomer' }).waitFor();
    problems.push(...await audit(nia.page, 'choose a password'));
    if (process.env.LINEUP_SCREENSHOT_DIR) await nia.page.screenshot({ path: `${process.env.LINEUP_SCREENSHOT_DIR}/invitation-phone.png`, fullPage: true });
    await nia.page.getByLabel('New password', { exact: true }).fill('nia chooses this one');
    await nia.page.getByLabel('New password again').fill('nia chooses this one');
    await nia.page.getByRole('button', { name: 'Save password' }).click();
    await nia.page.getByText('Your password is saved. Sign in with it to start.').waitFor();
    expect(await nia.page.getByLabel('E-mail', { exact: true }).inputValue()).toBe('nia@example.com');
    await nia.page.getByLabel('Password', { exact: true }).fill('nia chooses this one');
    await nia.page.getByRole('button', { name: 'Sign in' }).click();
    await nia.page.waitForURL(/\/desk$/);

    // Signed out again, she forgets it: the sign-in page's link mails her a reset link.
    const stranger = await person(browser, { phone: true });
    await stranger.page.goto(`${server.url}/login`);
    await stranger.page.getByRole('link', { name: 'Forgot your password?' }).click();
    problems.push(...await audit(stranger.page, 'forgot password'));
    await stranger.page.getByLabel('E-mail', { exact: true }).fill('nia@example.com');
    await stranger.page.getByRole('button', { name: 'Send the link' }).click();
    await stranger.page.getByText('If nia@example.com belongs to an account here').waitFor();
    const reset = (await smtp.waitFor(before + 2)).at(-1)!;
    expect(reset.headers.subject).toBe('Choose a new password for Lineup Help');
    await stranger.page.goto(/http:\/\/127\.0\.0\.1:\d+\/set-password\/[A-Za-z0-9_-]+/.exec(reset.text)![0]);
    await stranger.page.getByRole('heading', { name: 'Choose a new password' }).waitFor();
    await stranger.page.getByLabel('New password', { exact: true }).fill('nia found it again');
    await stranger.page.getByLabel('New password again').fill('nia found it again');
    await stranger.page.getByRole('button', { name: 'Save password' }).click();
    await stranger.page.getByText('every other session has ended').waitFor();
    // Her desk, signed in with the old password, is out: the session's end may already be taking
    // the page to the sign-in page by itself (the reload is then cut short); either way it lands there.
    await nia.page.reload().catch(() => {});
    await nia.page.waitForURL(/\/login$/);

    expect(problems).toEqual([]);
    expect([...ann.errors, ...nia.errors, ...stranger.errors]).toEqual([]);
  });
});
