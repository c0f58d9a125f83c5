import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser, person } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { addSupporters, claim, openDesk } from './desk-session.ts';

describe.skipIf(!hasChromium())('the visitor side when nobody can chat, and ratings, in real browsers', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer({ env: { WHEN_NOBODY: 'offline' } });
    await addSupporters(server.databasePath, [['Ann Admin', 'admin']]);
    browser = await launchBrowser();
  });
  afterAll(async () => { await browser?.close(); await server?.stop(); });

  it('switches the intake between the line and a message form without losing what was typed, then rates the chat', async () => {
    const vera = await person(browser, { phone: true });
    await vera.page.goto(server.url);
    await vera.page.getByRole('button', { name: 'Leave a message' }).waitFor();
    await vera.page.getByText('Nobody can chat right now.').waitFor();
    await vera.page.getByLabel('Name').fill('Vera');
    await vera.page.getByLabel('Describe your problem').fill('My invoice shows the wrong total');

    // Ann opens her desk: the form turns into the live line, keeping Vera's words.
    const ann = await openDesk(browser, server.url, 'Ann Admin');
    await vera.page.getByRole('button', { name: 'Join the line' }).waitFor();
    expect(await vera.page.getByLabel('Describe your problem').inputValue()).toBe('My invoice shows the wrong total');

    // Ann steps away (in the menu under her name): back to the message form, still keeping them; a reload keeps the draft too.
    await ann.page.getByLabel('Ann Admin: status, alerts and keyboard shortcuts').click();
    await ann.page.getByLabel('Status', { exact: true }).selectOption('away');
    await ann.page.getByRole('button', { name: 'Save status' }).click();
    await vera.page.getByRole('button', { name: 'Leave a message' }).waitFor();
    expect(await vera.page.getByLabel('Name').inputValue()).toBe('Vera');
    await vera.page.reload();
    await expect.poll(() => vera.page.getByLabel('Describe your problem').inputValue()).toBe('My invoice shows the wrong total');

    // Saving closed the menu (it never sits over the work); open it again.
    await ann.page.getByLabel('Ann Admin: status, alerts and keyboard shortcuts').click();
    await ann.page.getByLabel('Status', { exact: true }).selectOption('available');
    await ann.page.getByRole('button', { name: 'Save status' }).click();
    await vera.page.getByRole('button', { name: 'Join the line' }).click();
    await vera.page.getByText('Your place in line: 1').waitFor();

    // Ann helps and asks for a rating; Vera gives five stars with a comment.
    await claim(ann, 'Vera');
    const panel = ann.page.locator('[role="tabpanel"]:not([hidden])');
    await panel.getByRole('button', { name: 'Ask for a rating' }).click();
    await vera.page.getByRole('group', { name: 'How did we do?' }).waitFor();
    await vera.page.getByText('★').nth(4).click();
    const shots = process.env.LINEUP_SCREENSHOT_DIR;
    if (shots) await vera.page.screenshot({ path: `${shots}/visitor-rating.png` });
    await vera.page.getByLabel('Anything to add? (optional)').fill('Fast and <b>friendly</b>');
    await vera.page.getByRole('button', { name: 'Send rating' }).click();
    await vera.page.getByText('Thank you for rating us').waitFor();
    await panel.getByText('Fast and <b>friendly</b>').waitFor();
    await panel.getByText('Vera rated this conversation 5 of 5.').waitFor();

    // After hours a visitor leaves a message (the chat that runs goes on: a soft close).
    await ann.page.goto(`${server.url}/admin/hours`);
    await ann.page.getByLabel('Time zone').fill('UTC');
    const minute = new Date().getUTCHours() * 60 + new Date().getUTCMinutes();
    const closedFrom = minute >= 23 * 60 ? '01:00' : '23:00';
    for (let day = 0; day < 7; day++) {
      await ann.page.locator(`#opens${day}`).fill(closedFrom);
      await ann.page.locator(`#closes${day}`).fill(closedFrom === '23:00' ? '23:30' : '01:30');
    }
    await ann.page.getByRole('button', { name: 'Save opening hours' }).click();
    await ann.page.getByText('Opening hours saved.').waitFor();
    const walt = await person(browser);
    await walt.page.goto(server.url);
    await walt.page.getByText('We are closed right now.').waitFor();
    await walt.page.getByText(/We are back (today|tomorrow) at \d\d:\d\d \(UTC time\)/).waitFor();
    await walt.page.getByLabel('Name').fill('Walt');
    await walt.page.getByLabel('E-mail').fill('walt@example.com');
    await walt.page.getByLabel('Describe your problem').fill('Please call me back');
    if (shots) await walt.page.screenshot({ path: `${shots}/intake-closed.png` });
    await walt.page.getByRole('button', { name: 'Leave a message' }).click();
    await walt.page.getByText('Thank you, we have your message.').waitFor();
    await vera.page.getByLabel('Message').fill('Still here after closing time');
    await vera.page.getByLabel('Message').press('Enter');
    await ann.page.goto(`${server.url}/desk`);
    await ann.page.getByText('Still here after closing time').waitFor();
    for (const who of [vera, ann, walt]) expect(who.errors).toEqual([]);
  });
});
