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

describe.skipIf(!hasChromium())('the desk column, folded section by section', () => {
  const world = serverAndBrowser([['Ann Admin', 'admin'], ['Bob Builder', 'supporter']]);

  it('folds a section to its heading, keeps its counts there, and remembers it across a reload', async () => {
    const ann = await openDesk(world.browser, world.server.url, 'Ann Admin');
    const bob = await openDesk(world.browser, world.server.url, 'Bob Builder');
    const teamChat = ann.page.getByRole('button', { name: 'Team chat', exact: false }).and(ann.page.locator('button.fold'));
    await teamChat.click();
    expect(await teamChat.getAttribute('aria-expanded')).toBe('false');
    await ann.page.getByLabel('Write to the team').waitFor({ state: 'hidden' });

    // Folded, the team chat still counts what a colleague writes, even with the focus on its button.
    await bob.page.getByLabel('Write to the team').fill('Anyone free at two?');
    await bob.page.getByLabel('Write to the team').press('Enter');
    await expect.poll(() => ann.page.locator('#team-unread').textContent()).toBe('1 new');
    expect(await ann.page.locator('#team-unread').isVisible()).toBe(true);

    // The line folds too; its count and Claim next stay in sight.
    const line = ann.page.locator('button.fold[data-fold="line"]');
    await line.click();
    await ann.page.getByRole('heading', { name: /The line/ }).waitFor();
    expect(await ann.page.getByRole('button', { name: 'Claim next' }).isVisible()).toBe(true);
    expect(await ann.page.locator('#line-list').isVisible()).toBe(false);

    await ann.page.reload();
    expect(await ann.page.locator('button.fold[data-fold="line"]').getAttribute('aria-expanded')).toBe('false');
    expect(await ann.page.locator('#line-list').isVisible()).toBe(false);
    expect(await ann.page.getByLabel('Write to the team').isVisible()).toBe(false);
    // Unfolded, everything is back; Bob's own column was never folded.
    await ann.page.locator('button.fold[data-fold="team-chat"]').click();
    await ann.page.getByLabel('Write to the team').waitFor();
    await ann.page.locator('button.fold[data-fold="line"]').click();
    await ann.page.locator('#line-list').waitFor({ state: 'attached' });
    expect(await ann.page.locator('#line').evaluate((section) => section.classList.contains('folded'))).toBe(false);
    expect(await bob.page.getByLabel('Write to the team').isVisible()).toBe(true);
    expect(ann.errors).toEqual([]);
  }, 60_000);
});
