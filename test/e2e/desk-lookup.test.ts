import { describe, expect, it } from 'vitest';
import { hasChromium } from './browser.ts';
import { serverAndBrowser, claim, joinLine, openDesk } from './desk-session.ts';

describe.skipIf(!hasChromium())('held tickets are never lost by looking something up, in real browsers', () => {
  const world = serverAndBrowser([['Ann Admin', 'admin'], ['Bob Builder', 'supporter']]);

  it('keeps a chat with a supporter who opens Transcripts and an earlier ticket mid-chat for 30 s, and shows them elsewhere meanwhile', async () => {
    const ann = await openDesk(world.browser, world.server.url, 'Ann Admin');
    const bob = await openDesk(world.browser, world.server.url, 'Bob Builder');

    // An earlier ticket to look up: Walt's, closed.
    const walt = await joinLine(world.browser, world.server.url, 'Walt', 'Where is my parcel 4711?');
    await claim(ann, 'Walt');
    await ann.page.locator('[role="tabpanel"]:not([hidden])').getByRole('button', { name: 'Close ticket' }).click();
    await walt.page.getByText('This ticket is closed.').waitFor();

    const vera = await joinLine(world.browser, world.server.url, 'Vera', 'My parcel never came either');
    await claim(ann, 'Vera');
    const panel = ann.page.locator('[role="tabpanel"]:not([hidden])');
    await panel.getByLabel('Message').fill('Let me look at a similar case.');
    await panel.getByLabel('Message').press('Enter');
    await vera.page.getByText('Let me look at a similar case.').waitFor();

    // "Earlier tickets" and other links from inside a tab open in a new browser tab.
    expect(await ann.page.locator('.visitor-details a[href^="/transcripts/"]').evaluateAll((links) => links.every((a) => a.getAttribute('target') === '_blank'))).toBe(true);

    // Ann leaves the desk for Transcripts in the same browser tab, then opens Walt's transcript.
    await ann.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Transcripts' }).click();
    await ann.page.getByRole('heading', { level: 1 }).waitFor();
    await ann.page.goto(`${world.server.url}/transcripts/1`);
    await ann.page.getByText('Where is my parcel 4711?').waitFor();
    // Bob sees where she is: in Lineup, not on the desk (she takes no new tickets there).
    await bob.page.locator('.member', { hasText: 'Ann Admin' }).getByText('Elsewhere in Lineup').waitFor({ timeout: 15_000 });

    // Thirty seconds of reading (five times the pause after which a closed desk once gave its tickets back).
    await ann.page.waitForTimeout(30_000);
    // The transcript page answers the server's pings like the desk.
    await ann.page.waitForRequest((r) => r.url().endsWith('/desk/alive') && r.method() === 'POST', { timeout: 15_000 });

    await ann.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Desk' }).click();
    await ann.page.getByRole('tab', { name: 'Vera' }).waitFor();
    await bob.page.locator('.member', { hasText: 'Ann Admin' }).getByText('On the desk').waitFor();
    expect(await bob.page.locator('#line-list .line-row', { hasText: 'Vera' }).count()).toBe(0);
    expect(await vera.page.getByText('Your supporter had to leave').count()).toBe(0);
    await vera.page.getByText('You are talking with Ann Admin.').waitFor();
    await ann.page.locator('[role="tabpanel"]:not([hidden])').getByLabel('Message').fill('Found it: it is on its way.');
    await ann.page.locator('[role="tabpanel"]:not([hidden])').getByLabel('Message').press('Enter');
    await vera.page.getByText('Found it: it is on its way.').waitFor();
  }, 90_000);
});
