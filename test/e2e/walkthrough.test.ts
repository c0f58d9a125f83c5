import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { BROWSER_ARGS, CHROMIUM, freePort, hasChromium, person } from './browser.ts';
import { Agent, overHttp } from '../helpers/app.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { addSupporters, claim, emailOf, openDesk, PASSWORD } from './desk-session.ts';
import { startSmtp, type TestSmtp } from '../mail/smtp.ts';
import { examplePage } from '../../src/widget/routes.ts';
import { t } from '../../src/i18n/index.ts';
import { literally } from '../helpers/texts.ts';

// The "done means", tried as new people would: a Russian visitor on another website uses
// the widget from joining to the transcript in her mailbox; a Danish visitor arrives after hours
// and his message reaches the team's mailbox. Every mail goes through a real SMTP server.
const SHOTS = process.env.LINEUP_SCREENSHOT_DIR;
const EXAMPLE = path.resolve(import.meta.dirname, '../../public/example');

function startShop(port: number, lineupUrl: string, siteKey: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://localhost').pathname.slice(1);
    if (!['host.html', 'other.html', 'example.css'].includes(name)) { res.writeHead(404).end(); return; }
    let body = fs.readFileSync(path.join(EXAMPLE, name), 'utf8');
    if (name.endsWith('.html')) body = examplePage(body, lineupUrl, siteKey).replaceAll('{{QUERY}}', '');
    res.writeHead(200, { 'Content-Type': name.endsWith('.css') ? 'text/css' : 'text/html; charset=utf-8' }).end(body);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

const widget = (page: Page) => ({
  launcher: page.locator('lineup-widget button.launcher'),
  frame: page.frameLocator('lineup-widget iframe'),
});

describe.skipIf(!hasChromium())('a visitor from joining to the transcript, and one after hours, as new users would', () => {
  let server: RunningServer;
  let smtp: TestSmtp;
  let browser: Browser;
  let shop: http.Server;
  let shopUrl: string;
  let admin: Agent;

  beforeAll(async () => {
    smtp = await startSmtp();
    const port = await freePort();
    server = await startServer({ env: {
      PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      MAIL_FROM: 'Lineup Help <help@lineup.test>', TEAM_EMAIL: 'team@lineup.test', WHEN_NOBODY: 'offline',
    } });
    await addSupporters(server.databasePath, [['Ann Admin', 'admin'], ['Sam Support', 'supporter']]);
    admin = new Agent(overHttp(server.url));
    expect((await admin.post('/login', { email: emailOf('Ann Admin'), password: PASSWORD })).status).toBe(303);
    const shopPort = await freePort();
    shopUrl = `http://localhost:${shopPort}`;
    const added = await admin.post('/admin/sites', { name: 'Shop', origins: shopUrl });
    expect(added.status).toBe(303);
    const html = await (await admin.get(added.headers.get('Location')!)).text();
    shop = await startShop(shopPort, server.url, html.match(/data-site=&quot;([A-Za-z0-9_-]{16})&quot;/)![1]!);
    // A fake screen, shared without asking, so "Share a screenshot" works headless.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
      args: [...BROWSER_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--auto-select-desktop-capture-source=Entire screen'] });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => shop?.close(resolve));
    await server?.stop();
    await smtp?.close();
  });

  it('Vera, in Russian: widget on another site, waits, steps away, gets help, shares a screenshot, rates, gets the transcript', async () => {
    const sam = await openDesk(browser, server.url, 'Sam Support');
    const vera = await person(browser, { locale: 'ru-RU' });
    const w = widget(vera.page);
    await vera.page.goto(`${shopUrl}/host.html`);
    await w.launcher.getByText(t('ru', 'widget.chatWithUs')).click();
    await w.frame.getByLabel(t('ru', 'field.name')).fill('Вера <script>');
    await w.frame.getByLabel(t('ru', 'field.email')).fill('vera@example.com');
    await w.frame.getByLabel(t('ru', 'field.problem')).fill('Не приходит счёт');
    await w.frame.getByRole('button', { name: t('ru', 'intake.join') }).click();
    const firstInLine = new RegExp(`${literally(t('ru', 'ticket.place'))} 1`);
    await w.frame.getByText(firstInLine).waitFor();

    // She steps away: she keeps her place, and nobody can take the ticket until she is back.
    await w.frame.getByRole('button', { name: t('ru', 'ticket.stepAway') }).click();
    await w.frame.getByText(new RegExp(literally(t('ru', 'ticket.awayWaiting')))).waitFor();
    await w.frame.getByRole('button', { name: t('ru', 'ticket.imBack') }).click();
    await w.frame.getByText(firstInLine).waitFor();

    // Sam (whose desk is in English) helps her.
    await claim(sam, 'Вера <script>');
    await w.frame.getByText(t('ru', 'ticket.talkingWith', { name: 'Sam Support' })).waitFor();
    const tab = sam.page.locator('[role="tabpanel"]:not([hidden])');
    await tab.getByLabel(t('en', 'desk.panel.message')).fill('Здравствуйте! Покажите, пожалуйста, что вы видите.');
    await tab.getByLabel(t('en', 'desk.panel.message')).press('Enter');
    await w.frame.getByText('Покажите, пожалуйста, что вы видите.').waitFor();

    // One click shares a screenshot; both sides see it as a picture.
    await w.frame.getByRole('button', { name: t('ru', 'files.screenshot') }).click();
    await w.frame.locator('img.file__thumb[alt^="screenshot-"]').waitFor();
    await tab.locator('img.file__thumb[alt^="screenshot-"]').waitFor();
    if (SHOTS) await vera.page.screenshot({ path: `${SHOTS}/walkthrough-widget-ru.png` });

    // Sam closes the ticket; Vera is offered a rating and gives it.
    await tab.getByRole('button', { name: t('en', 'desk.panel.close') }).click();
    await w.frame.getByText(t('ru', 'ticket.closedTitle')).waitFor();
    await w.frame.getByRole('group', { name: t('ru', 'rating.question') }).waitFor();
    await w.frame.getByText('★').nth(4).click();
    await w.frame.getByLabel(t('ru', 'rating.comment')).fill('Спасибо, всё понятно');
    await w.frame.getByRole('button', { name: t('ru', 'rating.send') }).click();
    await w.frame.getByText(t('ru', 'rating.thanks')).waitFor();

    // The transcript reaches her mailbox in Russian, from the service's address.
    const [mail] = await smtp.waitFor(1);
    expect(mail!.rcptTo).toEqual(['vera@example.com']);
    expect(mail!.mailFrom).toBe('help@lineup.test');
    expect(mail!.headers.subject).toBe(t('ru', 'mail.transcriptSubject', { service: 'Lineup Help' }));
    expect(mail!.text).toContain('Не приходит счёт');
    expect(mail!.text).toContain('Покажите, пожалуйста, что вы видите.');
    expect(mail!.text).toMatch(/screenshot-[^\n]*\.png/);
    expect(mail!.html).toContain('Вера &lt;script&gt;');
    expect(mail!.html).not.toContain('<script>');

    // The rating is kept on the ticket and shown in the transcript Sam can open.
    await sam.page.goto(`${server.url}/transcripts/1`);
    await sam.page.getByText('Спасибо, всё понятно').waitFor();
    // Chromium's fake capture device (a test flag) stands in for the screen through the camera's
    // machinery, which the frame is not allowed (rightly: the widget asks for display-capture only).
    const fakeDevice = (e: string) => e === 'console: Permissions policy violation: camera is not allowed in this document.';
    expect([...sam.errors, ...vera.errors.filter((e) => !fakeDevice(e))]).toEqual([]);
  });

  it('Walt, in Danish, after hours: the open widget turns into a message form, keeping his words, and his message reaches the team', async () => {
    const ann = await openDesk(browser, server.url, 'Ann Admin');
    const before = smtp.received.length;
    const walt = await person(browser, { locale: 'da-DK' });
    const w = widget(walt.page);
    await walt.page.goto(`${shopUrl}/other.html`);
    await w.launcher.getByText(t('da', 'widget.chatWithUs')).click();
    await w.frame.getByRole('button', { name: t('da', 'intake.join') }).waitFor();
    await w.frame.getByLabel(t('da', 'field.name')).fill('Walt');
    await w.frame.getByLabel(t('da', 'field.problem')).fill('Ring venligst tilbage');

    // Closing time (opening hours that are over for today, in UTC) reaches the open panel at once.
    const minute = new Date().getUTCHours() * 60 + new Date().getUTCMinutes();
    const [opens, closes] = minute >= 23 * 60 ? ['01:00', '01:30'] : ['23:00', '23:30'];
    const hours: Record<string, string> = { timezone: 'UTC' };
    for (let day = 0; day < 7; day++) Object.assign(hours, { [`opens${day}`]: opens, [`closes${day}`]: closes });
    const saved = await admin.post('/admin/hours', hours);
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain(t('en', 'admin.hours.saved'));
    await w.frame.getByText(t('da', 'intake.closed')).waitFor();
    // "We are back today/tomorrow at 23.00 (UTC time).": the clock is Danish 24-hour, HH.MM.
    const backAt = (when: 'admin.back.today' | 'admin.back.tomorrow') =>
      literally(t('da', 'intake.reopens', { when: t('da', when, { time: '\u0000' }), zone: 'UTC' })).replace('\u0000', '\\d\\d\\.\\d\\d');
    await w.frame.getByText(new RegExp(`${backAt('admin.back.today')}|${backAt('admin.back.tomorrow')}`)).waitFor();
    await w.frame.getByRole('button', { name: t('da', 'intake.leaveMessage') }).waitFor();
    expect(await w.frame.getByLabel(t('da', 'field.name')).inputValue()).toBe('Walt');
    expect(await w.frame.getByLabel(t('da', 'field.problem')).inputValue()).toBe('Ring venligst tilbage');
    await w.frame.getByLabel(t('da', 'field.email')).fill('walt@example.com');
    await w.frame.getByRole('button', { name: t('da', 'intake.leaveMessage') }).click();
    await w.frame.getByText(t('da', 'ticket.offlineThanks')).waitFor();
    if (SHOTS) await walt.page.screenshot({ path: `${SHOTS}/walkthrough-after-hours-da.png` });

    const team = (await smtp.waitFor(before + 1))[before]!;
    expect(team.rcptTo).toEqual(['team@lineup.test']);
    expect(team.headers.subject).toBe(t('en', 'mail.offlineSubject', { name: 'Walt' }));
    expect(team.headers['reply-to']).toBe('Walt <walt@example.com>');
    expect(team.text).toContain('Ring venligst tilbage');
    expect([...walt.errors, ...ann.errors]).toEqual([]);
  });
});
