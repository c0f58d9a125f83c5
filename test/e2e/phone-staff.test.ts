import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium } from './browser.ts';
import { serverAndBrowser, claim, joinLine, openDesk } from './desk-session.ts';

const SHOTS = process.env.LINEUP_SCREENSHOT_DIR;

/** How far a page is wider than the screen (0: not at all), and the outermost elements that stick out. */
const overflow = (page: Page) => page.evaluate(() => {
  const width = document.documentElement.clientWidth;
  const extra = document.documentElement.scrollWidth - width;
  const culprits = [...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > width + 1
    && !(el.parentElement && el.parentElement.getBoundingClientRect().right > width + 1) && !el.parentElement?.closest('.table-scroll') && getComputedStyle(el).position !== 'fixed')
    .slice(0, 3).map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`);
  return { extra, culprits };
});

describe.skipIf(!hasChromium())('staff pages on a 390 px phone', () => {
  const world = serverAndBrowser([['Ann Admin', 'admin']]);

  it('fits every staff page into the width of the screen', async () => {
    const ann = await openDesk(world.browser, world.server.url, 'Ann Admin', { phone: true });
    const wide: string[] = [];
    const check = async (name: string) => {
      const { extra, culprits } = await overflow(ann.page);
      if (extra > 0) wide.push(`${name}: ${extra} px too wide (${culprits.join(', ')})`);
      if (SHOTS) await ann.page.screenshot({ path: `${SHOTS}/phone-${name}.png`, fullPage: true });
    };
    await check('desk-empty');

    const vera = await joinLine(world.browser, world.server.url, 'Vera', 'The invoice total is wrong and the PDF does not open on my phone');
    await claim({ ...ann, page: ann.page }, 'Vera');
    // One thing at a time: the claim brings the conversation to the front; Details and Line switch.
    const panel = ann.page.locator('[role="tabpanel"]:not([hidden])');
    await panel.getByLabel('Message').waitFor();
    expect(await ann.page.locator('#line').isVisible()).toBe(false);
    await check('desk-tab');
    await ann.page.getByRole('button', { name: 'Details' }).click();
    await panel.locator('.visitor-details').waitFor();
    expect(await panel.getByLabel('Message').isVisible()).toBe(false);
    await check('desk-details');
    await ann.page.getByRole('button', { name: 'Line', exact: true }).click();
    await ann.page.locator('#line').waitFor();
    expect(await panel.isVisible()).toBe(false);
    await check('desk-line');
    await ann.page.getByRole('button', { name: 'Conversation' }).click();
    await ann.page.locator('[role="tabpanel"]:not([hidden])').getByRole('button', { name: 'Close ticket' }).click();
    await vera.page.getByText('This ticket is closed.').waitFor();

    // A site, so its own page is there to look at too.
    await ann.page.goto(`${world.server.url}/admin/sites`);
    await ann.page.getByLabel(/Name/).first().fill('Shop');
    await ann.page.getByLabel(/Origins|origin/i).first().fill('https://shop.example');
    await ann.page.getByRole('button', { name: /Add/ }).first().click();
    await ann.page.waitForLoadState();

    for (const [name, path] of [['search', '/search?q=invoice'], ['transcript', '/transcripts/1'], ['canned', '/canned'],
      ['supporters', '/admin/supporters'], ['hours', '/admin/hours'], ['sites', '/admin/sites'], ['site', '/admin/sites/1'],
      ['blocks', '/admin/blocks'], ['mail', '/admin/mail'], ['account', '/account'], ['audit', '/admin/audit'], ['supporter', '/admin/supporters/1']] as const) {
      await ann.page.goto(`${world.server.url}${path}`);
      await ann.page.getByRole('heading', { level: 1 }).first().waitFor();
      await check(name);
    }
    expect(wide).toEqual([]);
  }, 90_000);
});
