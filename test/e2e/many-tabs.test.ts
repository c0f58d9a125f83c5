import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { hasChromium } from './browser.ts';
import { serverAndBrowser, claim, joinLine, openDesk } from './desk-session.ts';

// Over HTTP/1.1 a browser opens at most six connections to a server. Every staff page holds a
// stream; through one shared worker (public/js/stream-worker.js) they hold one each kind, not one each.
describe.skipIf(!hasChromium())('many Lineup tabs in one browser, over plain HTTP/1.1', () => {
  const world = serverAndBrowser([['Ann Admin', 'admin'], ['Bob Builder', 'supporter']]);

  it('keeps ten staff tabs live, answers their posts, and keeps the chats while any tab is open', async () => {
    const ann = await openDesk(world.browser, world.server.url, 'Ann Admin');
    const bob = await openDesk(world.browser, world.server.url, 'Bob Builder');
    const vera = await joinLine(world.browser, world.server.url, 'Vera', 'The invoice total is wrong');
    await claim(ann, 'Vera');

    // Six more desk tabs and three other staff pages in Ann's browser: ten in all.
    const tabs: Page[] = [ann.page];
    for (const path of ['/desk', '/desk', '/desk', '/desk', '/desk', '/desk', '/search', '/canned', '/admin/supporters']) {
      const page = await ann.context.newPage();
      await page.goto(`${world.server.url}${path}`);
      await page.getByRole('heading', { level: 1 }).or(page.getByRole('heading', { name: 'The line' })).first().waitFor();
      tabs.push(page);
    }
    const desks = tabs.filter((page) => page.url().endsWith('/desk') || page.url().includes('/desk#'));
    expect(desks).toHaveLength(7);
    for (const desk of desks) await desk.getByRole('tab', { name: 'Vera' }).waitFor();

    // Every desk tab is live: a new visitor shows up in each.
    const walt = await joinLine(world.browser, world.server.url, 'Walt', 'I cannot sign in');
    for (const desk of desks) await desk.locator('#line-list .line-row', { hasText: 'Walt' }).waitFor({ timeout: 15_000 });

    // Posts from the last tabs are answered: a claim and a message.
    const last = desks.at(-1)!;
    await claim({ ...ann, page: last }, 'Walt');
    await walt.page.getByText('You are talking with Ann Admin.').waitFor();
    await last.getByRole('tab', { name: 'Vera' }).click();
    const panel = last.locator('[role="tabpanel"]:not([hidden])');
    await panel.getByLabel('Message').fill('Answered from the seventh desk tab.');
    await panel.getByLabel('Message').press('Enter');
    await vera.page.getByText('Answered from the seventh desk tab.').waitFor();
    for (const desk of desks) await desk.getByText('Answered from the seventh desk tab.').first().waitFor({ timeout: 15_000 });

    // Ann closes all but one of the other pages' tabs, and every desk but the first: still present, chats kept.
    for (const page of tabs.slice(1, -1)) await page.close();
    await ann.page.waitForTimeout(8000);
    await bob.page.locator('.member', { hasText: 'Ann Admin' }).getByText('On the desk').waitFor();
    expect(await bob.page.locator('#line-list .line-row', { hasText: 'Vera' }).count()).toBe(0);
    expect(await vera.page.getByText('Your supporter had to leave').count()).toBe(0);

    // Only the admin page left: elsewhere in Lineup, chats still kept.
    await ann.page.close();
    await bob.page.locator('.member', { hasText: 'Ann Admin' }).getByText('Elsewhere in Lineup').waitFor({ timeout: 15_000 });
    expect(await bob.page.locator('#line-list .line-row', { hasText: 'Vera' }).count()).toBe(0);
  }, 120_000);
});
