import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { freePort, hasChromium, launchBrowser, person } from './browser.ts';
import { Agent, overHttp } from '../helpers/app.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { addSupporters, claim, emailOf, openDesk, PASSWORD } from './desk-session.ts';
import { signIdentity } from '../../src/widget/identity.ts';
import { examplePage } from '../../src/widget/routes.ts';
import { t } from '../../src/i18n/index.ts';
import { portraitPng } from '../helpers/png.ts';

const SHOTS = process.env.LINEUP_SCREENSHOT_DIR;
const EXAMPLE = path.resolve(import.meta.dirname, '../../public/example');

/** The example shop on an origin of its own (localhost, while Lineup is on 127.0.0.1): a different site. */
function startShop(port: number, lineupUrl: string, siteKey: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const name = url.pathname.slice(1);
    if (!['host.html', 'other.html', 'example.css'].includes(name)) { res.writeHead(404).end('not found'); return; }
    let body = fs.readFileSync(path.join(EXAMPLE, name), 'utf8');
    if (name.endsWith('.html')) {
      body = examplePage(body, lineupUrl, siteKey).replaceAll('{{QUERY}}', '');
      const user = url.searchParams.get('user');
      if (user) body = body.replace(`data-site="${siteKey}"`, `data-site="${siteKey}" data-user="${user.replace(/[^A-Za-z0-9_.-]/g, '')}"`);
    }
    res.writeHead(200, { 'Content-Type': name.endsWith('.css') ? 'text/css' : 'text/html; charset=utf-8' }).end(body);
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(server)));
}

/** The widget's parts, found through its (open) shadow root. */
const widget = (page: Page) => ({
  launcher: page.locator('lineup-widget button.launcher'),
  panel: page.locator('lineup-widget .panel'),
  frame: page.frameLocator('lineup-widget iframe'),
  invite: page.locator('lineup-widget .invite'),
});

describe.skipIf(!hasChromium())('the widget on another site, in real browsers', () => {
  let server: RunningServer;
  let browser: Browser;
  let shop: http.Server;
  let shopUrl: string;
  let admin: Agent;
  let site: { id: number; key: string; secret: string };

  beforeAll(async () => {
    server = await startServer();
    await addSupporters(server.databasePath, [['Ann Admin', 'admin'], ['Sam Support', 'supporter']]);
    const port = await freePort();
    shopUrl = `http://localhost:${port}`;
    admin = new Agent(overHttp(server.url));
    expect((await admin.post('/login', { email: emailOf('Ann Admin'), password: PASSWORD })).status).toBe(303);
    const added = await admin.post('/admin/sites', {
      name: 'Shop', origins: shopUrl, invite_after_seconds: '3', invite_pattern: '/other.html', invite_greeting: 'Questions about your order?',
    });
    expect(added.status).toBe(303);
    const id = Number(added.headers.get('Location')!.match(/\/admin\/sites\/(\d+)/)![1]);
    const html = await (await admin.get(`/admin/sites/${id}`)).text();
    site = { id, key: html.match(/data-site=&quot;([A-Za-z0-9_-]{16})&quot;/)![1]!, secret: html.match(/id="secret">([0-9a-f]{64})</)![1]! };
    shop = await startShop(port, server.url, site.key);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => shop?.close(resolve));
    await server?.stop();
  });

  it('follows the visitor across the site\'s pages, tells the desk where they are and raises a badge for a reply', async () => {
    const sam = await openDesk(browser, server.url, 'Sam Support');
    const vera = await person(browser);
    const w = widget(vera.page);
    await vera.page.goto(`${shopUrl}/host.html`);
    await w.launcher.click();
    await w.frame.getByLabel('Name').fill('Vera');
    await w.frame.getByLabel('Describe your problem').fill('The invoice total is wrong');
    await w.frame.getByRole('button', { name: 'Join the line' }).click();
    await w.frame.getByText(/Your place in line: \d+/).waitFor();
    if (SHOTS) await vera.page.screenshot({ path: path.join(SHOTS, 'widget-desktop.png') });

    // The supporter sees the shop page the visitor is on.
    await claim(sam, 'Vera');
    const details = sam.page.locator('[role="tabpanel"]:not([hidden]) .visitor-details');
    await details.getByText(`localhost:${shopUrl.split(':')[2]}/host.html`).waitFor();
    await w.frame.getByText('You are talking with Sam Support.').waitFor();
    await w.frame.getByLabel('Message').fill('Order 1234');
    await w.frame.getByLabel('Message').press('Enter');
    await sam.page.locator('[role="tabpanel"]:not([hidden])').getByText('Order 1234').waitFor();

    // Moved by its header (mouse and keyboard), the panel keeps its place on the next page.
    const header = vera.page.locator('lineup-widget button.move');
    const start = (await header.boundingBox())!;
    await vera.page.mouse.move(start.x + 40, start.y + 10);
    await vera.page.mouse.down();
    await vera.page.mouse.move(start.x - 260, start.y - 40, { steps: 5 });
    await vera.page.mouse.up();
    await header.focus();
    await vera.page.keyboard.press('ArrowLeft');
    const moved = (await w.panel.boundingBox())!;
    expect(moved.x).toBeCloseTo(start.x - 2 - 300 - 20, -1);

    await vera.page.getByRole('link', { name: 'checkout', exact: true }).click();
    await vera.page.waitForURL(/\/other\.html/);
    await w.frame.getByText('Order 1234').waitFor();
    await w.frame.getByText('The invoice total is wrong').waitFor();
    const again = (await w.panel.boundingBox())!;
    expect(again).toEqual(moved);
    await details.getByText(`localhost:${shopUrl.split(':')[2]}/other.html`).waitFor();

    // Closed panel: a reply shows a badge (and, as she has used the widget, a short sound).
    await vera.page.getByRole('button', { name: 'Close the chat' }).click();
    await w.panel.waitFor({ state: 'hidden' });
    await sam.page.locator('[role="tabpanel"]:not([hidden])').getByLabel('Message').fill('Hello Vera, let me look.');
    await sam.page.locator('[role="tabpanel"]:not([hidden])').getByLabel('Message').press('Enter');
    await vera.page.getByRole('button', { name: t('en', 'widget.newReplies', { count: 1 }) }).waitFor();
    expect(await vera.page.locator('lineup-widget .badge').textContent()).toBe('1');
    expect(await vera.page.locator('lineup-widget').getAttribute('data-sounds')).toBe('1');
    // The badge survives a page change, and opening the chat clears it.
    await vera.page.goto(`${shopUrl}/host.html`);
    await vera.page.getByRole('button', { name: t('en', 'widget.newReplies', { count: 1 }) }).click();
    await w.frame.getByText('Hello Vera, let me look.').waitFor();
    expect(await vera.page.locator('lineup-widget .badge').isHidden()).toBe(true);
    // The host page's own styles were untouched by the widget's.
    expect(await vera.page.evaluate(() => getComputedStyle(document.querySelector('button, a')!).fontFamily)).toMatch(/Georgia/);
    expect(vera.errors).toEqual([]);
    expect(sam.errors).toEqual([]);
  });

  it('opens by itself on the first reply to a visitor who closed it while waiting, and only badges later replies', async () => {
    const sam = await openDesk(browser, server.url, 'Sam Support');
    // Sam has a photo: the panel's title shows it with his name once he answers.
    await sam.page.goto(`${server.url}/account`);
    await sam.page.getByLabel('New photo').setInputFiles({ name: 'sam.png', mimeType: 'image/png', buffer: Buffer.from(portraitPng()) });
    await sam.page.getByRole('button', { name: 'Upload photo' }).click();
    await sam.page.getByText('Your photo is saved.').waitFor();
    await sam.page.goto(`${server.url}/desk`);
    const olga = await person(browser);
    const w = widget(olga.page);
    await olga.page.goto(`${shopUrl}/host.html`);
    await w.launcher.click();
    await w.frame.getByLabel('Name').fill('Olga');
    await w.frame.getByLabel('Describe your problem').fill('Where is my parcel?');
    await w.frame.getByRole('button', { name: 'Join the line' }).click();
    await w.frame.getByText(/Your place in line: \d+/).waitFor();
    // She closes the panel to go on shopping while she waits.
    await olga.page.getByRole('button', { name: 'Close the chat' }).click();
    await w.panel.waitFor({ state: 'hidden' });

    await claim(sam, 'Olga');
    const composer = sam.page.locator('[role="tabpanel"]:not([hidden])').getByLabel('Message');
    await composer.fill('Hello Olga, it left the warehouse today.');
    await composer.press('Enter');
    await w.panel.waitFor({ state: 'visible' });
    await w.frame.getByText('Hello Olga, it left the warehouse today.').waitFor();
    await olga.page.locator('lineup-widget .move').getByText('Sam Support is answering').waitFor();
    const face = olga.page.locator('lineup-widget .face');
    expect(await face.getAttribute('src')).toMatch(new RegExp(`^${server.url}/photos/\\d+/\\d+$`));
    await expect.poll(() => face.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(64);
    expect(await olga.page.locator('lineup-widget .badge').isHidden()).toBe(true);
    // Her keyboard focus stayed where she left it (the button she closed the panel with).
    expect(await olga.page.evaluate(() => document.querySelector('lineup-widget')?.shadowRoot?.activeElement?.className)).toBe('launcher');

    // Closed on the conversation: the next reply raises the badge and leaves the panel closed.
    await olga.page.getByRole('button', { name: 'Close the chat' }).click();
    await w.panel.waitFor({ state: 'hidden' });
    await composer.fill('It should arrive on Friday.');
    await composer.press('Enter');
    await olga.page.getByRole('button', { name: t('en', 'widget.newReplies', { count: 1 }) }).waitFor();
    expect(await w.panel.isHidden()).toBe(true);
    expect(olga.errors).toEqual([]);
  });

  it('invites after some seconds on matching pages, remembers "No thanks" and counts it apart', async () => {
    const nina = await person(browser);
    const w = widget(nina.page);
    await nina.page.goto(`${shopUrl}/host.html`);
    await w.launcher.waitFor();
    await nina.page.waitForTimeout(3500);
    expect(await w.invite.isHidden()).toBe(true); // host.html does not match /other.html
    await nina.page.goto(`${shopUrl}/other.html`);
    await w.invite.getByText('Questions about your order?').waitFor({ timeout: 8000 });
    if (SHOTS) await nina.page.screenshot({ path: path.join(SHOTS, 'widget-invite.png') });
    await w.invite.getByRole('button', { name: 'No thanks' }).click();
    await w.invite.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await admin.get(`/admin/sites/${site.id}`)).text()).toMatch(/<td>\d{4}-\d\d-\d\d<\/td><td>1<\/td><td>0<\/td><td>1<\/td>/);
    await nina.page.reload();
    await w.launcher.waitFor();
    await nina.page.waitForTimeout(4000);
    expect(await w.invite.isHidden()).toBe(true);
    expect(nina.errors).toEqual([]);
  });

  it('shows a visitor signed in on the site as verified on the desk, on a phone', async () => {
    const sam = await openDesk(browser, server.url, 'Sam Support');
    const user = signIdentity(site.secret, { name: 'Oscar Signed', email: 'oscar@shop.example', exp: Math.floor(Date.now() / 1000) + 3600 });
    const oscar = await person(browser, { phone: true });
    const w = widget(oscar.page);
    await oscar.page.goto(`${shopUrl}/host.html?user=${user}`);
    await w.launcher.click();
    await w.frame.getByText('Signed in as Oscar Signed').waitFor();
    expect(await w.frame.getByLabel('Name').inputValue()).toBe('Oscar Signed');
    expect(await w.frame.getByLabel('Name').getAttribute('readonly')).toBe('');
    const box = (await w.panel.boundingBox())!;
    expect(box.width).toBe(390);
    await w.frame.getByLabel('Describe your problem').fill('Where is my parcel?');
    await w.frame.getByRole('button', { name: 'Join the line' }).click();
    await w.frame.getByText(/Your place in line: \d+/).waitFor();
    if (SHOTS) await oscar.page.screenshot({ path: path.join(SHOTS, 'widget-phone.png') });
    await claim(sam, 'Oscar Signed');
    await sam.page.locator('[role="tabpanel"]:not([hidden]) .visitor-details').getByText('Verified by Shop').waitFor();
    if (SHOTS) await sam.page.screenshot({ path: path.join(SHOTS, 'widget-desk.png') });
    expect(oscar.errors).toEqual([]);
    expect(sam.errors).toEqual([]);
  });

  it('is refused by Lineup on a page whose origin the site does not allow', async () => {
    const mallory = await person(browser);
    // Lineup itself serves the example page: its origin (127.0.0.1) is not one of the shop's.
    await mallory.page.goto(`${server.url}/example/host.html?site=${site.key}`);
    await mallory.page.waitForTimeout(1500);
    expect(await mallory.page.locator('lineup-widget').count()).toBe(0);
    // A hand-made frame of the widget page loads on the shop's origin, and on no other.
    const frameOn = async (origin: string) => {
      await mallory.page.goto(`${origin}/nothing-here`);
      await mallory.page.setContent(`<iframe src="${server.url}/w/${site.key}" title="chat"></iframe>`);
      await mallory.page.waitForTimeout(1000);
      return mallory.page.frames().slice(1).map((f) => f.url());
    };
    expect(await frameOn(shopUrl)).toEqual([`${server.url}/w/${site.key}`]);
    expect(await mallory.page.frameLocator('iframe').getByLabel('Describe your problem').count()).toBe(1);
    // The same shop server under another name is another origin: the browser shows its error page instead.
    expect(await frameOn(shopUrl.replace('localhost', '127.0.0.1'))).toEqual(['chrome-error://chromewebdata/']);
  });

  it('wears the site\'s own colour, name and greeting when the site has them', async () => {
    const saved = await admin.post(`/admin/sites/${site.id}`, {
      name: 'Shop', origins: shopUrl, widget_name: 'Shop Care', widget_accent: '#b02a37', widget_greeting: 'Ask the shop anything',
    });
    expect(saved.status).toBe(200);
    const walt = await person(browser, { phone: true });
    const w = widget(walt.page);
    await walt.page.goto(`${shopUrl}/host.html`);
    await expect.poll(() => w.launcher.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(176, 42, 55)');
    await w.launcher.click();
    expect(await w.panel.getAttribute('aria-label')).toBe('Chat with Shop Care');
    await w.frame.getByRole('heading', { name: 'Ask the shop anything' }).waitFor();
    // Inside the frame the buttons take the same colour (the brand stylesheet).
    const join = w.frame.getByRole('button', { name: 'Join the line' });
    await expect.poll(() => join.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(176, 42, 55)');
    if (SHOTS) await walt.page.screenshot({ path: path.join(SHOTS, 'widget-site-colour-phone.png') });
    await admin.post(`/admin/sites/${site.id}`, { name: 'Shop', origins: shopUrl });
    expect(walt.errors).toEqual([]);
  });
});
