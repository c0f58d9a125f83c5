import fs from 'node:fs';
import net from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export function hasChromium(): boolean {
  return fs.existsSync(CHROMIUM);
}

/** The flags this sandbox needs (no network calls of the browser's own). */
export const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-renderer-backgrounding',
  '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'];

/** Debian's chromium, headless. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
}

/** One person: their own cookies, their own window. Fails the test on any page error or console error. */
export async function person(browser: Browser, options: { phone?: boolean; locale?: string } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({
    ...(options.phone ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true } : { viewport: { width: 1280, height: 820 } }),
    ...(options.locale && { locale: options.locale }),
  });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A stream cut by a restart is expected to log while it reconnects.
    if (m.type() === 'error' && !/ERR_CONNECTION_REFUSED|ERR_NETWORK_CHANGED|net::ERR|Failed to load resource|htmx:sse:error/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  page.on('dialog', (d) => { errors.push(`dialog: ${d.message()}`); void d.dismiss(); });
  return { context, page, errors };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Records when a text first appears on a page, by the page's own clock (same machine as the sender's). */
export async function watchFor(page: Page, text: string): Promise<void> {
  await page.evaluate((needle) => {
    const w = window as unknown as { __seen?: Record<string, number> };
    w.__seen ??= {};
    const check = () => {
      if (w.__seen![needle] === undefined && document.body.textContent?.includes(needle)) w.__seen![needle] = Date.now();
    };
    new MutationObserver(check).observe(document.body, { childList: true, subtree: true, characterData: true });
    check();
  }, text);
}

export async function seenAt(page: Page, text: string): Promise<number> {
  await page.waitForFunction((needle) => (window as unknown as { __seen?: Record<string, number> }).__seen?.[needle] !== undefined, text);
  return page.evaluate((needle) => (window as unknown as { __seen: Record<string, number> }).__seen[needle]!, text);
}

/** The page's own clock when it last sent a message form (htmx:before:request on a composer). */
export async function recordSends(page: Page): Promise<void> {
  await page.evaluate(() => {
    document.addEventListener('htmx:before:request', (event) => {
      if ((event.target as Element).matches?.('form.composer')) (window as unknown as { __sentAt: number }).__sentAt = Date.now();
    });
  });
}

export function sentAt(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __sentAt: number }).__sentAt);
}
