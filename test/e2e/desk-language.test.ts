import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { hasChromium, launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { addSupporters, emailOf, joinLine, PASSWORD } from './desk-session.ts';
import { t } from '../../src/i18n/index.ts';

const ZONE = 'Pacific/Auckland'; // far from UTC, so a time left in the server's UTC would show

/** A supporter at a desk in a browser of their own (its zone), reading the desk in `lang`. */
async function deskIn(browser: Browser, url: string, name: string, lang: string, options: BrowserContextOptions) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 820 }, ...options });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource|net::ERR|htmx:sse:error/.test(m.text())) errors.push(`console: ${m.text()}`); });
  // Signed in through the form itself, whatever language the sign-in page speaks.
  await page.goto(`${url}/login`);
  await page.locator('input[name="email"]').fill(emailOf(name));
  await page.locator('input[type="password"]').fill(PASSWORD);
  await page.locator('input[type="password"]').press('Enter');
  await page.waitForURL(`${url}/desk`);
  await context.addCookies([{ name: 'lineup_lang', value: lang, url }]);
  await page.reload();
  return { context, page, errors };
}

/** Pretends the browser tab went to the background, as the page sees it. */
const hide = (page: Page) => page.evaluate(() => {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  document.dispatchEvent(new Event('visibilitychange'));
});

describe.skipIf(!hasChromium())('a desk in Russian, in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    await addSupporters(server.databasePath, [['Boris Admin', 'admin']]);
    browser = await launchBrowser();
  });
  afterAll(async () => { await browser?.close(); await server?.stop(); });

  it('writes its own words in Russian and shows times in the browser\'s zone', async () => {
    const boris = await deskIn(browser, server.url, 'Boris Admin', 'ru', { locale: 'en-US', timezoneId: ZONE });
    expect(await boris.page.getAttribute('html', 'lang')).toBe('ru');
    await boris.page.getByRole('heading', { name: t('ru', 'desk.line.heading') }).waitFor();

    const vera = await joinLine(browser, server.url, 'Vera', 'The invoice is wrong');
    const row = boris.page.locator('#line-list .line-row', { hasText: 'Vera' });
    // The script's own words: how long the visitor has waited.
    await row.getByText(t('ru', 'desk.line.waitingJustNow')).waitFor();
    await row.getByRole('button', { name: t('ru', 'desk.line.claim') }).click();
    await boris.page.locator('#desk-notice', { hasText: t('ru', 'desk.line.claimed', { name: 'Vera' }) }).waitFor();
    const panel = boris.page.locator('[role="tabpanel"]:not([hidden])');
    // The problem's time, in Auckland, written the Russian way (the page's language: the browser
    // speaks American English, which is not the page's).
    const arrived = panel.locator('.msg__time').first();
    const at = new Date((await arrived.getAttribute('datetime'))!);
    await expect.poll(() => arrived.textContent()).toBe(new Intl.DateTimeFormat('ru', { hour: 'numeric', minute: '2-digit', timeZone: ZONE }).format(at));
    await panel.getByText(t('ru', 'system.joined', { name: 'Boris Admin' })).waitFor();

    // The visitor types and writes while the desk is in the background: Russian title and badge.
    await vera.page.getByLabel('Message').pressSequentially('Hel');
    await panel.getByText(t('ru', 'typing.line', { name: 'Vera' })).waitFor();
    if (process.env.LINEUP_SCREENSHOT_DIR) await boris.page.screenshot({ path: `${process.env.LINEUP_SCREENSHOT_DIR}/desk-ru.png` });
    await hide(boris.page);
    await vera.page.getByLabel('Message').fill('Hello?');
    await vera.page.getByLabel('Message').press('Enter');
    await expect.poll(() => boris.page.title()).toBe(t('ru', 'desk.tabs.titleWrote', { count: 1, name: 'Vera' }));
    expect(await boris.page.getByRole('tab', { name: /Vera/ }).locator('.tab__unread').getAttribute('aria-label')).toBe(t('ru', 'desk.tabs.unread', { count: 1 }));
    await expect.poll(() => boris.page.title(), { timeout: 3000 }).toBe(`(1) ${t('ru', 'desk.title')} · Lineup`);
    expect(boris.errors).toEqual([]);
  });
});
