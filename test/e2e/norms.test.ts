import { describe, expect, it } from 'vitest';
import { hasChromium } from './browser.ts';
import { audit } from './axe.ts';
import { joinLine, openDesk, serverAndBrowser } from './desk-session.ts';

// Set LINEUP_SCREENSHOT_DIR to keep a picture of a late ticket for a look.
const SHOTS = process.env.LINEUP_SCREENSHOT_DIR;

/**
 * Service norms on the desk, in a real browser whose clock the test moves (the server's is real):
 * a waiting ticket's row says when its claim is due, turns amber in its last minute, then red.
 */
describe.skipIf(!hasChromium())('service norms, in real browsers', () => {
  const world = serverAndBrowser([['Sam Super', 'supervisor'], ['Ann Archer', 'supporter']]);

  it('turns a waiting row amber near its claim deadline and red past it, live', async () => {
    const { server, browser } = world;
    const sam = await openDesk(browser, server.url, 'Sam Super');
    await sam.page.clock.install();
    await sam.page.reload();
    await sam.page.locator('#line').waitFor();
    await joinLine(browser, server.url, 'Vera', 'The export crashes');
    const row = sam.page.locator('#line-list .line-row', { hasText: 'Vera' });
    const sla = row.locator('.sla');
    await row.waitFor();
    expect(await sla.textContent()).toBe('');

    await sam.page.clock.fastForward('04:30');
    await row.locator('.sla--near', { hasText: 'due now' }).waitFor();
    await sam.page.clock.fastForward('01:00');
    await row.locator('.sla--late', { hasText: 'late' }).waitFor();
    await sam.page.clock.fastForward('02:00');
    await row.locator('.sla--late', { hasText: '2 min late' }).waitFor();
    expect(await audit(sam.page, 'a late ticket')).toEqual([]);
    if (SHOTS) await sam.page.screenshot({ path: `${SHOTS}/norm-late.png` });
  });
});
