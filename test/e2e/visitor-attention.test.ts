import { describe, expect, it } from 'vitest';
import { hasChromium, person } from './browser.ts';
import { serverAndBrowser, claim, openDesk } from './desk-session.ts';
import { notes, RECORD_NOTIFICATIONS, setHidden } from './attention.ts';

describe.skipIf(!hasChromium())('a ticket page that calls the visitor, in a real browser', () => {
  const world = serverAndBrowser([['Ann Admin', 'admin']]);

  it('changes the title and shows a notification when a supporter claims or writes while the page is in the background', async () => {
    const ann = await openDesk(world.browser, world.server.url, 'Ann Admin');
    const vera = await person(world.browser);
    await vera.context.grantPermissions(['notifications'], { origin: world.server.url });
    await vera.context.addInitScript(RECORD_NOTIFICATIONS);
    await vera.page.goto(world.server.url);
    await vera.page.getByLabel('Name').fill('Vera');
    await vera.page.getByLabel('Describe your problem').fill('The invoice total is wrong');
    await vera.page.getByRole('button', { name: 'Join the line' }).click();
    await vera.page.getByText(/Your place in line/).waitFor();
    const title = await vera.page.title();
    await vera.page.getByRole('button', { name: 'Notify me when someone answers' }).click();
    await vera.page.getByText('You will be notified.').waitFor();

    await setHidden(vera.page, true);
    await claim(ann, 'Vera');
    await expect.poll(() => vera.page.title()).toBe(`(1) New reply · ${title}`);
    const panel = ann.page.locator('[role="tabpanel"]:not([hidden])');
    await panel.getByLabel('Message').fill('Hello Vera, I am looking at it.');
    await panel.getByLabel('Message').press('Enter');
    await expect.poll(() => vera.page.title()).toBe(`(2) New reply · ${title}`);
    expect((await notes(vera.page)).map((n) => n.title)).toEqual(['New reply', 'New reply']);
    expect((await notes(vera.page))[1]!.body).toBe('Hello Vera, I am looking at it.');

    // Back in front: the title is the page's own again, and nothing more is counted.
    await setHidden(vera.page, false);
    await expect.poll(() => vera.page.title()).toBe(title);
    await panel.getByLabel('Message').fill('One more thing.');
    await panel.getByLabel('Message').press('Enter');
    await vera.page.getByText('One more thing.').waitFor();
    expect(await vera.page.title()).toBe(title);
    expect(await notes(vera.page)).toHaveLength(2);
    expect(vera.errors).toEqual([]);
  }, 60_000);
});
