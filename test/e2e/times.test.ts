import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

const AFTERNOON = '2025-03-04T16:29:00Z';
const MORNING = '2025-03-04T09:05:00Z';

describe.skipIf(!hasChromium())("times on a page, in the viewer's own locale", () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => { await browser?.close(); await server?.stop(); });

  /** The page's script localises a <time> that arrives later, as stream frames do (htmx processes it); returns how it reads. */
  async function timesIn(locale: string, pageLang?: string): Promise<string[]> {
    const context = await browser.newContext({ locale, timezoneId: 'UTC' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}/${pageLang ? `?lang=${pageLang}` : ''}`);
    const shown = await page.evaluate(async (stamps) => {
      const times = stamps.map((stamp) => {
        const time = document.createElement('time');
        time.setAttribute('datetime', stamp);
        time.textContent = stamp.slice(11, 16);
        document.body.append(time);
        // As a stream frame's content would be: htmx processes what it puts on the page.
        (window as unknown as { htmx: { process(element: Element): void } }).htmx.process(time);
        return time;
      });
      for (let i = 0; i < 50 && times.some((time) => !time.hasAttribute('data-local')); i++) await new Promise((r) => setTimeout(r, 20));
      return times.map((time) => time.textContent ?? '');
    }, [AFTERNOON, MORNING]);
    expect(errors).toEqual([]);
    await context.close();
    return shown;
  }

  it('reads 4:29 PM in an American English browser, never 04:29 PM', async () => {
    const [afternoon, morning] = await timesIn('en-US');
    expect(afternoon).toMatch(/^4:29\sPM$/);
    expect(morning).toMatch(/^9:05\sAM$/);
  });

  it('reads 16:29 in a British English browser', async () => {
    const [afternoon, morning] = await timesIn('en-GB');
    expect(afternoon).toBe('16:29');
    expect(morning).toMatch(/^0?9:05$/);
  });

  it("uses the page's language when the browser speaks another (an American browser on a Danish page)", async () => {
    const [afternoon] = await timesIn('en-US', 'da');
    expect(afternoon).toBe(new Intl.DateTimeFormat('da', { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' }).format(new Date(AFTERNOON)));
    expect(afternoon).not.toMatch(/PM/);
  });
});
