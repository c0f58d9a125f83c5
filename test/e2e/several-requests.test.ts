import { describe, expect, it } from 'vitest';
import { hasChromium } from './browser.ts';
import { serverAndBrowser, joinLine, openDesk } from './desk-session.ts';

describe.skipIf(!hasChromium())('a visitor with two requests, in real browsers', () => {
  const world = serverAndBrowser([['Ann Admin', 'admin']]);

  it('opens a second ticket for a second request from one world.browser, and Claim all takes both', async () => {
    const ann = await openDesk(world.browser, world.server.url, 'Ann Admin');
    const vera = await joinLine(world.browser, world.server.url, 'Vera', 'The invoice total is wrong');
    const firstUrl = vera.page.url();

    await vera.page.getByRole('link', { name: 'New request' }).click();
    await vera.page.getByLabel('Name').fill('Vera');
    await vera.page.getByLabel('Describe your problem').fill('And how do I change my delivery address?');
    await vera.page.getByRole('button', { name: 'Join the line' }).click();
    await vera.page.waitForURL((url) => url.pathname.startsWith('/t/') && url.href !== firstUrl);
    await vera.page.getByRole('navigation', { name: 'Your requests' }).getByRole('link', { name: 'Request 1' }).waitFor();

    const row = ann.page.locator('#line-list .line-row', { hasText: 'The invoice total is wrong' });
    await row.getByText('and 1 more from Vera').waitFor();
    await row.getByRole('button', { name: 'Claim all' }).click();
    await ann.page.locator('#desk-notice', { hasText: 'You claimed 2 requests from Vera.' }).waitFor();
    await expect.poll(() => ann.page.getByRole('tab', { name: 'Vera' }).count()).toBe(2);
    expect(await ann.page.locator('#line-list .line-row').count()).toBe(0);
    await vera.page.getByText('You are talking with Ann Admin.').waitFor();
    await vera.page.getByRole('link', { name: 'Request 1' }).click();
    await vera.page.getByText('You are talking with Ann Admin.').waitFor();
    await vera.page.getByText('The invoice total is wrong').first().waitFor();
    expect(vera.errors).toEqual([]);
  }, 60_000);
});
