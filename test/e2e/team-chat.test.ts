import { describe, expect, it } from 'vitest';
import { hasChromium } from './browser.ts';
import { openDesk, serverAndBrowser } from './desk-session.ts';

describe.skipIf(!hasChromium())('team chat, in real browsers', () => {
  const world = serverAndBrowser([['Ann Admin', 'admin'], ['Bob Builder', 'supporter']]);

  it("counts colleagues' messages not yet looked at, and clears the count when looked at", async () => {
    const ann = await openDesk(world.browser, world.server.url, 'Ann Admin');
    const bob = await openDesk(world.browser, world.server.url, 'Bob Builder');
    const annBadge = ann.page.locator('#team-unread');
    for (const text of ['Can someone take the next one?', 'I am off for lunch at 12.']) {
      await bob.page.getByLabel('Write to the team').fill(text);
      await bob.page.getByLabel('Write to the team').press('Enter');
      await ann.page.locator('#team-log').getByText(text).waitFor();
    }
    await expect.poll(() => annBadge.textContent()).toBe('2 new');
    // One's own messages are not news.
    expect(await bob.page.locator('#team-unread').isHidden()).toBe(true);
    await ann.page.getByLabel('Write to the team').click();
    await annBadge.waitFor({ state: 'hidden' });
    // A reload shows the log, not a count.
    await ann.page.reload();
    await ann.page.locator('#team-log').getByText('I am off for lunch at 12.').waitFor();
    expect(await ann.page.locator('#team-unread').isHidden()).toBe(true);
    expect(ann.errors).toEqual([]);
  }, 60_000);
});
