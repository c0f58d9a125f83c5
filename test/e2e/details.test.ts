import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { hasChromium, launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

const CARD = 'https://crm.example/customers?email={visitor.email}&name={visitor.name}&ticket={ticket.id}';
const WINDOWS_CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';
// Set LINEUP_SCREENSHOT_DIR to keep pictures of the panel and the admin page for a look.
const SHOTS = process.env.LINEUP_SCREENSHOT_DIR;

/** One person with their own browser settings (zone, language, screen). Fails the test on any page error. */
async function personWith(browser: Browser, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, ...options });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A refused intake page is a 403 the browser reports; that is the point of the page.
    if (m.type() === 'error' && !/Failed to load resource|net::ERR/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); void d.dismiss(); });
  return { context, page, errors };
}

async function join(page: Page, name: string, problem: string, email = '') {
  await page.getByLabel('Name').fill(name);
  if (email) await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Describe your problem').fill(problem);
  await page.getByRole('button', { name: 'Join the line' }).click();
  await page.getByText('Your place in line').waitFor();
}

/** The value shown beside a term in the front tab's details list. */
function detail(page: Page, term: string) {
  return page.locator('[role="tabpanel"]:not([hidden]) .visitor-details dt', { hasText: term }).first().locator('xpath=following-sibling::dd[1]');
}

describe.skipIf(!hasChromium())('the visitor details panel in real browsers', () => {
  let server: RunningServer;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    server = await startServer({ env: { CUSTOMER_CARD_URL: CARD } });
    url = server.url;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows who the visitor is, keeps edits live, blocks them and lets an admin unblock them', async () => {
    // The supporter works in UTC; the visitor is in India (UTC+5:30, no daylight saving).
    const ann = await personWith(browser, { timezoneId: 'UTC' });
    await ann.page.goto(`${url}/desk`);
    await ann.page.getByLabel('Name').fill('Ann Admin');
    await ann.page.getByLabel('E-mail').fill('ann@example.com');
    await ann.page.getByLabel('Password').fill('ann-password-1');
    await ann.page.getByRole('button', { name: 'Create admin account' }).click();
    await ann.page.waitForURL(`${url}/desk`);
    const panel = ann.page.locator('[role="tabpanel"]:not([hidden])');

    // --- a visitor who tampers with every hint gets none of them shown as markup or links ---
    const mallory = await personWith(browser, { userAgent: `<script>alert(1)</script> ${WINDOWS_CHROME}` });
    await mallory.page.goto(url);
    // She rewrites the hidden hints on their way to the server: the server must not trust them.
    await mallory.page.route('**/tickets', async (route) => {
      const body = new URLSearchParams(route.request().postData() ?? '');
      body.set('came_from', 'javascript:alert(1)');
      body.set('current_page', 'data:text/html,<script>alert(2)</script>');
      body.set('timezone', 'Bogus/Zone');
      body.set('screen', '<img src=x onerror=alert(3)>');
      body.set('language', '"><script>alert(4)</script>');
      await route.continue({ postData: body.toString() });
    });
    await join(mallory.page, 'Mallory <img src=x onerror=alert(5)>', 'Hello');
    await ann.page.locator('#line-list .line-row', { hasText: 'Mallory' }).getByRole('button', { name: 'Claim' }).click();
    await panel.locator('.visitor-details').waitFor();
    expect(await detail(ann.page, 'Browser').textContent()).toBe('Chrome 124');
    for (const term of ['Came from', 'Current page', 'Time zone', 'Screen']) expect(await panel.locator('dt', { hasText: term }).count()).toBe(0);
    expect(await panel.locator('.visitor-details a[href^="javascript"], .visitor-details a[href^="data"], .visitor-details img, .visitor-details script').count()).toBe(0);
    await panel.getByLabel('Resolution note (optional)').fill('Nothing to do');
    await panel.getByRole('button', { name: 'Close ticket' }).click();
    await ann.page.getByRole('tab', { name: /Mallory/ }).waitFor({ state: 'detached' });

    // --- Vera arrives from a shop page, in German, in India, on a 1440 × 900 screen ---
    const vera = await personWith(browser, {
      timezoneId: 'Asia/Kolkata', locale: 'de-DE', screen: { width: 1440, height: 900 }, userAgent: WINDOWS_CHROME,
    });
    await vera.page.goto(url, { referer: 'https://shop.example/cart?x=<b>1</b>' });
    await join(vera.page, "Vera & 'Co'", 'My invoice shows the wrong total', 'vera+shop@example.com');

    await ann.page.locator('#line-list .line-row', { hasText: 'Vera' }).getByRole('button', { name: 'Claim' }).click();
    await ann.page.getByRole('tab', { name: 'Vera' }).waitFor();
    expect(await detail(ann.page, 'Browser').textContent()).toBe('Chrome 124');
    expect(await detail(ann.page, 'System').textContent()).toBe('Windows 10/11');
    expect(await detail(ann.page, 'Screen').textContent()).toBe('1440 × 900');
    expect(await detail(ann.page, 'Language').textContent()).toBe('de-DE');
    // Chromium reports the zone by its older ICU name.
    await expect.poll(() => detail(ann.page, 'Time zone').textContent()).toMatch(/^Asia\/(Kolkata|Calcutta) \(5 hours 30 minutes ahead of you\)$/);
    expect(await detail(ann.page, 'IP address').textContent()).toBe('127.0.0.1');
    expect(await detail(ann.page, 'First visit').locator('time').count()).toBe(1);
    const cameFrom = detail(ann.page, 'Came from').locator('a');
    expect(await cameFrom.getAttribute('href')).toMatch(/^https:\/\/shop\.example\/cart\?x=/);
    expect(await cameFrom.textContent()).toBe('shop.example/cart?x=<b>1</b>');
    expect(await cameFrom.getAttribute('target')).toBe('_blank');
    expect(await cameFrom.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await detail(ann.page, 'Current page').locator('a').getAttribute('href')).toBe(`${url}/`);
    const card = panel.getByRole('link', { name: 'Customer card' });
    expect(await card.getAttribute('href')).toBe("https://crm.example/customers?email=vera%2Bshop%40example.com&name=Vera%20%26%20'Co'&ticket=2");
    expect(await card.getAttribute('target')).toBe('_blank');

    // --- edits show up without a reload ---
    await ann.page.evaluate(() => { (window as unknown as { __same: boolean }).__same = true; });
    await panel.getByText('Edit comment').click();
    await panel.getByLabel('Comment', { exact: true }).fill('Prefers e-mail <b>not</b> phone');
    await panel.getByRole('button', { name: 'Save comment' }).click();
    await expect.poll(() => detail(ann.page, 'Comment').textContent()).toBe('Prefers e-mail <b>not</b> phone');
    await expect.poll(() => panel.locator('details[data-keep="comment"]').getAttribute('open')).toBeNull();

    await panel.getByText('Edit fields').click();
    await panel.getByLabel('New field name').fill('Plan');
    await panel.getByLabel('New field value').fill('Gold <img src=x onerror=alert(6)>');
    await panel.getByRole('button', { name: 'Save fields' }).click();
    await expect.poll(() => detail(ann.page, 'Plan').textContent()).toBe('Gold <img src=x onerror=alert(6)>');
    expect(await panel.locator('.visitor-details img').count()).toBe(0);

    // A bad edit is refused beside its form and changes nothing.
    await panel.getByText('Edit fields').click();
    await panel.getByLabel('New field name').fill('plan');
    await panel.getByLabel('New field value').fill('Silver');
    await panel.getByRole('button', { name: 'Save fields' }).click();
    await panel.getByText('The field name "plan" is used twice.').waitFor();
    expect(await detail(ann.page, 'Plan').textContent()).toBe('Gold <img src=x onerror=alert(6)>');

    // A half-written comment survives the panel being re-rendered by a push (Vera steps away).
    await panel.getByText('Edit comment').click();
    await panel.getByLabel('Comment', { exact: true }).fill('Draft in progress');
    await vera.page.getByRole('button', { name: 'Step away' }).click();
    await expect.poll(() => detail(ann.page, 'Presence').textContent()).toContain('Stepped away');
    expect(await panel.getByLabel('Comment', { exact: true }).inputValue()).toBe('Draft in progress');
    expect(await panel.locator('details[data-keep="comment"]').getAttribute('open')).toBe('');
    await vera.page.getByRole('button', { name: "I'm back" }).click();
    await panel.getByText('Edit comment').click(); // folds it away unsaved
    expect(await ann.page.evaluate(() => (window as unknown as { __same?: boolean }).__same)).toBe(true);

    if (SHOTS) {
      await ann.page.screenshot({ path: `${SHOTS}/desk-details.png` });
      // Every section open, on a tall window, to see the whole column.
      const sections = panel.locator('.visitor-details details');
      await sections.evaluateAll((els) => els.forEach((el) => { (el as HTMLDetailsElement).open = true; }));
      await ann.page.setViewportSize({ width: 1280, height: 1500 });
      await ann.page.screenshot({ path: `${SHOTS}/desk-details-open.png` });
      await ann.page.setViewportSize({ width: 1280, height: 820 });
      await sections.evaluateAll((els) => els.forEach((el) => { (el as HTMLDetailsElement).open = false; }));
    }

    // --- Ann blocks Vera, also by address: Vera keeps her chat, but the intake is closed to her ---
    await panel.getByText('Block this visitor…').click();
    await panel.getByLabel('Also block their IP address (127.0.0.1)').check();
    await panel.getByLabel('Reason (optional)', { exact: true }).fill('Sends <b>spam</b>');
    await panel.getByRole('button', { name: 'Block visitor' }).click();
    await panel.getByText('Blocked', { exact: true }).waitFor();
    expect(await panel.getByRole('button', { name: 'Block visitor' }).count()).toBe(0);
    await vera.page.getByLabel('Message').fill('Still here?');
    await vera.page.getByRole('button', { name: 'Send' }).click();
    await panel.locator('.msg__body', { hasText: 'Still here?' }).waitFor();
    await panel.getByLabel('Resolution note (optional)').fill('Blocked for spam');
    await panel.getByRole('button', { name: 'Close ticket' }).click();
    await vera.page.getByText('This ticket is closed.').waitFor();

    const refused = await vera.page.goto(url);
    expect(refused?.status()).toBe(403);
    await vera.page.getByText('You cannot start a chat here right now.').waitFor();
    expect(await vera.page.getByRole('button', { name: 'Join the line' }).count()).toBe(0);

    // --- the admin unblocks her; the intake is offered again, and her earlier ticket is remembered ---
    await ann.page.getByRole('link', { name: 'Blocked visitors' }).click();
    const row = ann.page.locator('tr', { hasText: "Vera & 'Co'" });
    await row.getByText('IP address 127.0.0.1').waitFor();
    await row.getByText('Sends <b>spam</b>').waitFor();
    await row.getByText('Ann Admin').waitFor();
    if (SHOTS) await ann.page.screenshot({ path: `${SHOTS}/admin-blocks.png`, fullPage: true });
    await row.getByRole('button', { name: /Unblock/ }).click();
    await ann.page.getByText("Vera & 'Co' can start a chat again.").waitFor();
    expect(await ann.page.locator('tr', { hasText: "Vera & 'Co'" }).count()).toBe(0);

    expect((await vera.page.goto(url))?.status()).toBe(200);
    await join(vera.page, "Vera & 'Co'", 'Back again');
    await ann.page.goto(`${url}/desk`);
    await ann.page.locator('#line-list .line-row', { hasText: 'Back again' }).getByRole('button', { name: 'Claim' }).click();
    await ann.page.getByRole('tab', { name: 'Vera' }).waitFor();
    await panel.getByText('Earlier tickets (1)').click();
    const earlier = panel.locator('.visitor-details__earlier a');
    expect(await earlier.getAttribute('href')).toBe('/transcripts/2');
    expect(await panel.locator('.visitor-details__earlier').textContent()).toContain('My invoice shows the wrong total');
    expect(await panel.locator('.visitor-details__blocked').count()).toBe(0);

    for (const p of [ann, mallory, vera]) expect(p.errors).toEqual([]);
  }, 120_000);
});
