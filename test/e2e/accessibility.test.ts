import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Frame, Page } from 'playwright-core';
import { audit } from './axe.ts';
import { freePort, hasChromium, launchBrowser, person } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { Agent, overHttp } from '../helpers/app.ts';
import { addSupporters, claim, emailOf, joinLine, openDesk, PASSWORD } from './desk-session.ts';

describe.skipIf(!hasChromium())('accessibility of every main page and state (axe-core)', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    // A known port: the widget's script and frame are addressed by the public URL (localhost:PORT).
    server = await startServer({ env: { WHEN_NOBODY: 'offline', PORT: String(await freePort()) } });
    await addSupporters(server.databasePath, [['Ann Admin', 'admin']]);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('finds nothing critical or serious, and one h1, on the intake, ticket, desk, search, transcript, admin pages and the widget', async () => {
    const problems: string[] = [];
    const check = async (target: Page | Frame, name: string) => { problems.push(...await audit(target, name)); };

    // The intake while nobody is on the desk (the offline form), and its refusals.
    const visitor = await person(browser);
    await visitor.page.goto(server.url);
    await visitor.page.getByRole('heading', { level: 1 }).waitFor();
    await check(visitor.page, 'intake offline');

    const ann = await openDesk(browser, server.url, 'Ann Admin');
    await check(ann.page, 'desk empty');
    await visitor.page.goto(server.url);
    await visitor.page.getByRole('button', { name: 'Join the line' }).click();
    await visitor.page.locator('.field__error').first().waitFor();
    await check(visitor.page, 'intake errors');
    await visitor.page.goto(server.url);
    await check(visitor.page, 'intake live');

    const vera = await joinLine(browser, server.url, 'Vera', 'The invoice total is wrong');
    await check(vera.page, 'ticket waiting');
    await claim(ann, 'Vera');
    await vera.page.getByText('You are talking with Ann Admin.').waitFor();
    await check(vera.page, 'ticket chatting');
    const panel = ann.page.locator('[role="tabpanel"]:not([hidden])');
    await panel.getByLabel('Message').fill('Hello Vera');
    await panel.getByLabel('Message').press('Enter');
    await vera.page.getByText('Hello Vera').waitFor();
    await check(ann.page, 'desk with a tab');
    // The canned replies list, open in the message box.
    await panel.getByLabel('Message').fill('/');
    await check(ann.page, 'desk with canned replies open');
    await panel.getByLabel('Message').fill('');
    await panel.getByRole('button', { name: 'Close ticket' }).click();
    await vera.page.getByText('This ticket is closed.').waitFor();
    await check(vera.page, 'ticket closed');

    // A site for the widget and the site pages.
    const admin = new Agent(overHttp(server.url));
    expect((await admin.post('/login', { email: emailOf('Ann Admin'), password: PASSWORD })).status).toBe(303);
    // The example host page is served under Lineup's public address (localhost), its own origin for the site.
    const host = server.url.replace('127.0.0.1', 'localhost');
    const added = await admin.post('/admin/sites', { name: 'Shop', origins: host });
    expect(added.status).toBe(303);
    const siteId = Number(added.headers.get('Location')!.match(/\/admin\/sites\/(\d+)/)![1]);
    const siteKey = (await (await admin.get(`/admin/sites/${siteId}`)).text()).match(/data-site=&quot;([A-Za-z0-9_-]{16})&quot;/)![1]!;

    for (const [name, path] of [['search', '/search?q=invoice'], ['transcript', '/transcripts/1'], ['canned replies', '/canned'],
      ['supporters', '/admin/supporters'], ['hours', '/admin/hours'], ['sites', '/admin/sites'], ['site', `/admin/sites/${siteId}`],
      ['blocked visitors', '/admin/blocks'], ['mail', '/admin/mail'], ['account', '/account'], ['audit log', '/admin/audit'], ['supporter', '/admin/supporters/1']] as const) {
      await ann.page.goto(`${server.url}${path}`);
      await ann.page.getByRole('heading', { level: 1 }).first().waitFor();
      await check(ann.page, name);
    }

    // The widget: its frame's intake and ticket, as a visitor on the site sees them.
    const walt = await person(browser);
    // The widget's frame, as the site's page holds it (the launcher and panel around it are the host's).
    await walt.page.goto(`${host}/nothing-here`);
    await walt.page.setContent(`<iframe src="${host}/w/${siteKey}" title="chat" style="width:380px;height:560px"></iframe>`);
    await walt.page.frameLocator('iframe').getByLabel('Name').waitFor();
    const frame = walt.page.frames().find((f) => f.url().includes(`/w/${siteKey}`))!;
    await check(frame, 'widget intake');
    await frame.getByLabel('Name').fill('Walt');
    await frame.getByLabel('Describe your problem').fill('Where is my parcel?');
    await frame.getByRole('button', { name: /Join the line|Start chat|Send/ }).first().click();
    await frame.getByText(/Your place in line/).waitFor();
    await check(frame, 'widget ticket');

    expect(problems).toEqual([]);
  }, 120_000);
});
