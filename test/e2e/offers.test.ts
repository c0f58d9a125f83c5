import { describe, expect, it } from 'vitest';
import { hasChromium, person } from './browser.ts';
import { audit } from './axe.ts';
import { claim, joinLine, openDesk, serverAndBrowser } from './desk-session.ts';

// Set LINEUP_SCREENSHOT_DIR to keep pictures of a ringing desk for a look.
const SHOTS = process.env.LINEUP_SCREENSHOT_DIR;

/**
 * Offers in real browsers, with the short settings an admin can choose (a second before the first
 * offer, four seconds of ringing): Ann and Bob are First line, Carol is its second wave.
 */
describe.skipIf(!hasChromium())('offers, in real browsers', () => {
  const world = serverAndBrowser([['Adam Admin', 'admin'], ['Ann Archer', 'supporter'], ['Bob Baker', 'supporter'], ['Carol Chen', 'supporter']]);

  it('rings Ann, who declines; rings Bob, who lets it lapse; and the second wave, where Carol accepts', async () => {
    const { server, browser } = world;
    const adam = await openDesk(browser, server.url, 'Adam Admin');
    await adam.page.goto(`${server.url}/admin/groups`);
    const add = adam.page.locator('form', { has: adam.page.getByRole('button', { name: 'Add the group' }) });
    await add.getByLabel('Name in English').fill('Second wave');
    await add.getByLabel('Kind').selectOption('overflow');
    await add.getByRole('button', { name: 'Add the group' }).click();
    await adam.page.getByText('The group Second wave is added.').waitFor();
    await adam.page.getByLabel('Carol Chen').check();
    await adam.page.getByRole('button', { name: 'Save the members' }).click();
    await adam.page.getByText('The members of Second wave are saved.').waitFor();

    // First line: Ann and Bob only; offers after a second, ringing four, one round, then the second wave.
    await adam.page.goto(`${server.url}/admin/groups/1`);
    for (const name of ['Adam Admin', 'Carol Chen']) await adam.page.getByLabel(name).uncheck();
    await adam.page.getByRole('button', { name: 'Save the members' }).click();
    await adam.page.getByText('The members of First line are saved.').waitFor();
    await adam.page.getByLabel('Offer after (seconds; 0: no offers)').fill('1');
    await adam.page.getByLabel('Rings for (seconds)').fill('5');
    await adam.page.getByLabel('Rounds before the second wave').fill('1');
    await adam.page.getByLabel('Second wave', { exact: true }).selectOption({ label: 'Second wave' });
    await adam.page.getByLabel(/^Second wave sees it after/).fill('0');
    await adam.page.getByRole('button', { name: 'Save', exact: true }).click();
    await adam.page.getByText('First line is saved.').waitFor();
    expect(await audit(adam.page, 'a group with offers')).toEqual([]);

    const ann = await openDesk(browser, server.url, 'Ann Archer');
    const bob = await openDesk(browser, server.url, 'Bob Baker');
    const carol = await openDesk(browser, server.url, 'Carol Chen');
    const adamDesk = await openDesk(browser, server.url, 'Adam Admin');
    const vera = await joinLine(browser, server.url, 'Vera', 'The export crashes');
    // Adam's desk mixes every group's line: narrowed to the second wave's, Vera is not there yet.
    const veraAtAdam = adamDesk.page.locator('#line-list .line-row', { hasText: 'Vera' });
    await veraAtAdam.waitFor();
    await adamDesk.page.getByLabel('Group', { exact: true }).selectOption({ label: 'Second wave' });
    await veraAtAdam.waitFor({ state: 'hidden' });
    // Not in First line: Carol's desk does not show Vera until the second wave is called.
    await ann.page.locator('#line-list .line-row', { hasText: 'Vera' }).waitFor();
    expect(await carol.page.locator('#line-list .line-row', { hasText: 'Vera' }).count()).toBe(0);

    // Ann's desk rings and counts down; she declines.
    const annCard = ann.page.getByRole('alert').filter({ hasText: 'Vera is waiting: will you take the ticket?' });
    await annCard.waitFor();
    await annCard.getByText(/Answer within \d s, or it rings at a colleague\./).waitFor();
    expect(await audit(ann.page, 'a ringing desk')).toEqual([]);
    if (SHOTS) await ann.page.screenshot({ path: `${SHOTS}/offer-ringing.png` });
    await annCard.getByRole('button', { name: 'Decline' }).click();
    await ann.page.getByText("You declined Vera's ticket; it rings at the next colleague.").waitFor();
    await annCard.waitFor({ state: 'detached' });

    // Bob's desk rings; he lets it lapse, and the card goes by itself.
    const bobCard = bob.page.getByRole('alert').filter({ hasText: 'Vera is waiting' });
    await bobCard.waitFor();
    await bobCard.waitFor({ state: 'detached', timeout: 15_000 });

    // The second wave: Vera joins Carol's line and Carol's desk rings; she accepts.
    await carol.page.locator('#line-list .line-row', { hasText: 'Vera' }).waitFor();
    await veraAtAdam.waitFor({ state: 'visible' });
    expect(await audit(adamDesk.page, 'a desk narrowed to a group')).toEqual([]);
    const carolCard = carol.page.getByRole('alert').filter({ hasText: 'Vera is waiting' });
    await carolCard.waitFor();
    await carolCard.getByRole('button', { name: 'Accept' }).click();
    await carol.page.getByRole('tab', { name: 'Vera' }).waitFor();
    await vera.page.getByText('You are talking with Carol Chen.').waitFor();
    // The transcript keeps each offer for the team, never for the visitor.
    const panel = carol.page.locator('[role="tabpanel"]:not([hidden])');
    for (const line of ['Offered to Ann Archer.', 'Ann Archer declined the offer.', 'Offered to Bob Baker.', 'Bob Baker did not answer the offer in time.',
      'Nobody in First line took it: Second wave sees it too.', 'Offered to Carol Chen.']) {
      await panel.getByText(line).waitFor();
    }
    expect(await vera.page.getByText('Offered to').count()).toBe(0);
    await ann.page.locator('#line-list .line-row', { hasText: 'Vera' }).waitFor({ state: 'detached' });
  });

  it("offers a visitor whose browser prefers Russian first to the supporter who speaks Russian", async () => {
    const { server, browser } = world;
    const bob = await openDesk(browser, server.url, 'Bob Baker');
    await bob.page.goto(`${server.url}/account`);
    await bob.page.getByLabel('Languages spoken, most fluent first').fill('ru, en');
    await bob.page.getByRole('button', { name: 'Save the languages' }).click();
    await bob.page.getByText('The languages are saved.').waitFor();
    // On his phone, looking at the line: the ringing card shows above it.
    const bobPhone = await openDesk(browser, server.url, 'Bob Baker', { phone: true });
    const ann = await openDesk(browser, server.url, 'Ann Archer');

    const olga = await person(browser, { locale: 'ru-RU' });
    await olga.page.goto(server.url);
    await olga.page.getByLabel('Имя').fill('Ольга');
    await olga.page.getByLabel('Опишите вашу проблему').fill('Не могу войти');
    await olga.page.getByRole('button', { name: 'Встать в очередь' }).click();
    await olga.page.getByText(/Ваше место в очереди/).first().waitFor();

    const card = bobPhone.page.getByRole('alert').filter({ hasText: 'Ольга is waiting' });
    await card.waitFor();
    expect(await ann.page.getByRole('alert').filter({ hasText: 'Ольга' }).count()).toBe(0);
    expect(await bobPhone.page.locator('.desk').getAttribute('data-view')).toBe('line');
    await bobPhone.page.locator('#line-list .line-row', { hasText: 'Ольга' }).waitFor();
    expect(await audit(bobPhone.page, 'a ringing desk on a phone')).toEqual([]);
    if (SHOTS) await bobPhone.page.screenshot({ path: `${SHOTS}/offer-phone.png` });
    await card.getByRole('button', { name: 'Accept' }).click();
    await bobPhone.page.getByRole('tab', { name: 'Ольга' }).waitFor();
  });

  it('skips a supporter outside her shifts, and colleagues see her off shift', async () => {
    const { server, browser } = world;
    const adam = await openDesk(browser, server.url, 'Adam Admin');
    const bob = await openDesk(browser, server.url, 'Bob Baker');
    const ann = await openDesk(browser, server.url, 'Ann Archer');
    // Ann works tomorrow only (the team's zone is UTC here).
    const tomorrow = new Date(Date.now() + 86_400_000);
    const tomorrowName = new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: 'UTC' }).format(tomorrow);
    await adam.page.goto(`${server.url}/admin/supporters/2`);
    const shifts = adam.page.locator('#shifts');
    await shifts.getByRole('heading', { name: 'Shifts' }).waitFor();
    await shifts.getByLabel(tomorrowName).fill('09:00-17:00');
    await shifts.getByRole('button', { name: 'Save the shifts' }).click();
    await shifts.getByText('The shifts are saved.').waitFor();
    await shifts.getByLabel('Day', { exact: true }).fill(tomorrow.toISOString().slice(0, 10));
    await shifts.getByLabel('Why').selectOption('holiday');
    await shifts.getByRole('button', { name: 'Add the day off' }).click();
    await adam.page.locator('#shifts').getByText('The day off is saved.').waitFor();
    expect(await audit(adam.page, 'a supporter with shifts')).toEqual([]);
    if (SHOTS) await adam.page.screenshot({ path: `${SHOTS}/shifts.png`, fullPage: true });

    await bob.page.locator('#member-2', { hasText: 'off shift' }).waitFor();
    await joinLine(browser, server.url, 'Walt', 'Cannot sign in');
    await bob.page.getByRole('alert').filter({ hasText: 'Walt is waiting' }).waitFor();
    expect(await ann.page.getByRole('alert').filter({ hasText: 'Walt' }).count()).toBe(0);
    // She may still claim by choice.
    await ann.page.locator('#line-list .line-row', { hasText: 'Walt' }).getByRole('button', { name: 'Claim' }).click();
    await ann.page.getByRole('tab', { name: 'Walt' }).waitFor();
    await bob.page.getByRole('alert').filter({ hasText: 'Walt is waiting' }).waitFor({ state: 'detached' });
  });

  it('offers a returning visitor first to the supporter who helped them last', async () => {
    const { server, browser } = world;
    const adam = await openDesk(browser, server.url, 'Adam Admin');
    // Ann works every day again: no shifts, no day off.
    await adam.page.goto(`${server.url}/admin/supporters/2`);
    const shifts = adam.page.locator('#shifts');
    for (const field of await shifts.getByRole('textbox').all()) await field.fill('');
    await shifts.getByRole('button', { name: 'Save the shifts' }).click();
    await shifts.getByText('The shifts are saved.').waitFor();
    await adam.page.locator('#shifts').getByRole('button', { name: /^Remove / }).click();
    await adam.page.locator('#shifts').getByText('The day off is removed.').waitFor();
    const ann = await openDesk(browser, server.url, 'Ann Archer');
    const bob = await openDesk(browser, server.url, 'Bob Baker');
    await ann.page.locator('#team-list #member-2', { hasText: 'off shift' }).waitFor({ state: 'detached' });

    // Rita's first request: Bob takes it from the line and closes it.
    const rita = await joinLine(browser, server.url, 'Rita', 'Where is my parcel?');
    await claim(bob, 'Rita');
    await bob.page.locator('[role="tabpanel"]:not([hidden])').getByRole('button', { name: 'Close ticket' }).click();
    await rita.page.getByText('This ticket is closed.').waitFor();

    // She asks again from the same browser: Bob's desk rings first, though Ann comes first by order.
    await rita.page.goto(server.url);
    await rita.page.getByLabel('Name').fill('Rita');
    await rita.page.getByLabel('Describe your problem').fill('The parcel came broken');
    await rita.page.getByRole('button', { name: 'Join the line' }).click();
    await rita.page.getByText(/Your place in line: \d+/).first().waitFor();
    await bob.page.getByRole('alert').filter({ hasText: 'Rita is waiting' }).waitFor();
    expect(await ann.page.getByRole('alert').filter({ hasText: 'Rita' }).count()).toBe(0);
  });
});
