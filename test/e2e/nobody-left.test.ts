import { describe, expect, it } from 'vitest';
import { hasChromium } from './browser.ts';
import { serverAndBrowser, claim, joinLine, openDesk } from './desk-session.ts';

describe.skipIf(!hasChromium())('nobody left, in real browsers', () => {
  const world = serverAndBrowser([['Ann Admin', 'admin']], { WHEN_NOBODY: 'line' });

  it('offers the visitor the message form at once when the last supporter signs out mid-chat, keeping what they typed', async () => {
    const ann = await openDesk(world.browser, world.server.url, 'Ann Admin');
    const vera = await joinLine(world.browser, world.server.url, 'Vera', 'The invoice total is wrong');
    // While someone is there, the page says so and offers nothing else.
    await vera.page.getByText(/A supporter will be with you soon/).waitFor();
    expect(await vera.page.getByRole('button', { name: 'Leave a message instead' }).isVisible()).toBe(false);
    await claim(ann, 'Vera');
    await vera.page.getByText('You are talking with Ann Admin.').waitFor();
    await vera.page.getByLabel('Message').fill('My customer number is 4711, please call me back');

    // Ann signs out: Vera goes back to the line, and nobody is left.
    await ann.page.getByRole('button', { name: 'Sign out' }).click();
    await vera.page.getByText('Nobody from the team is available right now.').waitFor({ timeout: 10_000 });
    await vera.page.getByRole('button', { name: 'Keep waiting' }).waitFor();
    expect(await vera.page.getByText(/A supporter will be with you soon/).isVisible()).toBe(false);
    expect(await vera.page.getByLabel('Message').inputValue()).toBe('My customer number is 4711, please call me back');

    await vera.page.getByLabel('Your e-mail, for our answer').fill('vera@example.com');
    await vera.page.getByRole('button', { name: 'Leave a message instead' }).click();
    await vera.page.getByText('Thank you, we have your message.').waitFor();
    await vera.page.locator('#log .msg__body', { hasText: 'My customer number is 4711, please call me back' }).waitFor();
    expect(vera.errors).toEqual([]);
  }, 60_000);
});
