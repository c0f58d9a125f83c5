import { describe, expect, it } from 'vitest';
import { hasChromium, person } from './browser.ts';
import { audit } from './axe.ts';
import { claim, joinLine, openDesk, serverAndBrowser } from './desk-session.ts';

// Set LINEUP_SCREENSHOT_DIR to keep pictures of the FAQ for a look.
const SHOTS = process.env.LINEUP_SCREENSHOT_DIR;

/** The FAQ in real browsers: a transcript becomes an entry, a supervisor publishes it, a visitor on a phone finds it and says it helped. */
describe.skipIf(!hasChromium())('the FAQ, in real browsers', () => {
  const world = serverAndBrowser([['Sam Super', 'supervisor']]);

  it('turns a transcript into a published entry that a visitor finds, reads and rates', async () => {
    const { server, browser } = world;
    const sam = await openDesk(browser, server.url, 'Sam Super');
    const vera = await joinLine(browser, server.url, 'Vera', 'The CSV export crashes');
    await claim(sam, 'Vera');
    const tab = sam.page.locator('[role="tabpanel"]:not([hidden])');
    await tab.getByLabel('Message').fill('Hi Vera, open **Settings** and turn off *Include archived rows*, then export again.');
    await tab.getByRole('button', { name: 'Send' }).click();
    await vera.page.getByText('Include archived rows').waitFor();
    await tab.getByRole('button', { name: 'Close ticket' }).click();
    await vera.page.getByText('This ticket is closed.').waitFor();

    await sam.page.goto(`${server.url}/transcripts/1`);
    await sam.page.getByRole('button', { name: 'Make an FAQ entry' }).click();
    await sam.page.getByRole('heading', { level: 1, name: 'FAQ entry' }).waitFor();
    // The draft still greets Vera by name: flagged until it is taken out.
    await sam.page.getByRole('heading', { name: 'Personal data left in this entry' }).waitFor();
    await sam.page.getByText("The visitor's Vera").waitFor();
    if (SHOTS) await sam.page.screenshot({ path: `${SHOTS}/faq-draft.png`, fullPage: true });
    await sam.page.getByLabel('Question').fill('The CSV export stops halfway');
    await sam.page.getByLabel('Answer').fill('Open **Settings** and turn off *Include archived rows*, then export again.');
    await sam.page.getByRole('button', { name: 'Save' }).click();
    await sam.page.getByText('Entry saved.').waitFor();
    expect(await sam.page.getByRole('heading', { name: 'Personal data left in this entry' }).count()).toBe(0);
    expect(await audit(sam.page, 'an FAQ entry being edited')).toEqual([]);
    if (SHOTS) await sam.page.screenshot({ path: `${SHOTS}/faq-edit.png`, fullPage: true });
    await sam.page.getByRole('button', { name: 'Publish' }).click();
    await sam.page.getByText('Published: visitors see it now.').waitFor();
    await sam.page.getByRole('link', { name: 'FAQ' }).click();
    await sam.page.getByRole('link', { name: 'The CSV export stops halfway' }).waitFor();
    expect(await audit(sam.page, "the team's FAQ entries")).toEqual([]);

    const reader = await person(browser, { phone: true });
    await reader.page.goto(`${server.url}/faq`);
    await reader.page.getByLabel('Search the FAQ').fill('export archived');
    await reader.page.getByRole('button', { name: 'Search' }).click();
    await reader.page.getByRole('link', { name: 'The CSV export stops halfway' }).click();
    await reader.page.locator('.faq__answer strong', { hasText: 'Settings' }).waitFor();
    expect(await reader.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await audit(reader.page, 'an FAQ entry, on a phone')).toEqual([]);
    await reader.page.getByRole('heading', { name: 'Was this helpful?' }).waitFor();
    await reader.page.getByRole('button', { name: 'Yes' }).click();
    await reader.page.getByText('Thank you for telling us.').waitFor();
    if (SHOTS) await reader.page.screenshot({ path: `${SHOTS}/faq-entry-phone.png`, fullPage: true });
  });
});
