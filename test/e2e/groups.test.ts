import { describe, expect, it } from 'vitest';
import { hasChromium } from './browser.ts';
import { audit } from './axe.ts';
import { claim, joinLine, openDesk, serverAndBrowser } from './desk-session.ts';

// Set LINEUP_SCREENSHOT_DIR to keep pictures of the groups pages for a look.
const SHOTS = process.env.LINEUP_SCREENSHOT_DIR;

describe.skipIf(!hasChromium())('groups, in real browsers', () => {
  const world = serverAndBrowser([['Ann Admin', 'admin'], ['Bob Builder', 'supporter'], ['Carol Chen', 'supporter']]);

  it('makes a second line, moves Carol into it live, and transfers a ticket there from the tab', async () => {
    const { server, browser } = world;
    const ann = await openDesk(browser, server.url, 'Ann Admin');
    const bob = await openDesk(browser, server.url, 'Bob Builder');
    const carol = await openDesk(browser, server.url, 'Carol Chen');
    const vera = await joinLine(browser, server.url, 'Vera', 'The export crashes', { phone: true });
    await carol.page.locator('#line-list .line-row', { hasText: 'Vera' }).waitFor();

    // --- Ann adds "Second line", reached by transfer only, in three languages ---
    await ann.page.getByRole('link', { name: 'Groups' }).click();
    await ann.page.getByRole('heading', { level: 1, name: 'Groups' }).waitFor();
    const form = ann.page.locator('form', { has: ann.page.getByRole('button', { name: 'Add the group' }) });
    await form.getByLabel('Name in English').fill('Second line');
    await form.getByLabel('Name in Dansk').fill('Anden linje');
    await form.getByLabel('Name in Русский').fill('Вторая линия');
    await form.getByLabel('Kind').selectOption('transfer');
    await form.getByLabel('Tickets transferred here wait').selectOption('front');
    await form.getByRole('button', { name: 'Add the group' }).click();
    await ann.page.getByText('The group Second line is added.').waitFor();
    expect(await audit(ann.page, 'a group')).toEqual([]);

    // --- Carol moves into it and out of the first line: her desk follows at once, without a reload ---
    await ann.page.getByLabel('Carol Chen').check();
    await ann.page.getByRole('button', { name: 'Save the members' }).click();
    await ann.page.getByText('The members of Second line are saved.').waitFor();
    if (SHOTS) await ann.page.screenshot({ path: `${SHOTS}/group.png`, fullPage: true });
    await ann.page.goto(`${server.url}/admin/groups/1`);
    await ann.page.getByLabel('Carol Chen').uncheck();
    await ann.page.getByRole('button', { name: 'Save the members' }).click();
    await ann.page.getByText('The members of First line are saved.').waitFor();
    await carol.page.locator('#line-list .line-row', { hasText: 'Vera' }).waitFor({ state: 'detached' });
    await ann.page.goto(`${server.url}/admin/groups`);
    expect(await audit(ann.page, 'the groups')).toEqual([]);
    if (SHOTS) await ann.page.screenshot({ path: `${SHOTS}/groups.png`, fullPage: true });

    // --- Bob claims Vera and transfers her to Second line with a note ---
    await claim(bob, 'Vera');
    const panel = bob.page.locator('[role="tabpanel"]:not([hidden])');
    await panel.getByText('Hand over or invite').click();
    await panel.getByLabel('Group', { exact: true }).selectOption({ label: 'Second line' });
    await panel.locator('textarea[name="note"]').nth(1).fill('Crash in the export, logs attached');
    await panel.getByRole('button', { name: 'Transfer to group' }).click();
    await bob.page.getByRole('tab', { name: 'Vera' }).waitFor({ state: 'detached' });
    await vera.page.getByText('You are being passed to Second line.').waitFor();
    await vera.page.getByText('Waiting for Second line').waitFor();
    expect(await vera.page.getByText('Crash in the export').count()).toBe(0);
    // Only Second line's desks show her now; the first line does not.
    await carol.page.locator('#line-list .line-row', { hasText: 'Vera' }).waitFor();
    expect(await bob.page.locator('#line-list .line-row', { hasText: 'Vera' }).count()).toBe(0);
    await claim(carol, 'Vera');
    await carol.page.locator('[role="tabpanel"]:not([hidden])').getByText('Crash in the export, logs attached').waitFor();
    await vera.page.getByText('You are talking with Carol Chen.').waitFor();
  });

  it('asks visitors what their request is about, and puts it in the line of the topic\'s group', async () => {
    const { server, browser } = world;
    const ann = await openDesk(browser, server.url, 'Ann Admin');
    const bob = await openDesk(browser, server.url, 'Bob Builder');
    await ann.page.goto(`${server.url}/admin/groups`);
    const newGroup = ann.page.locator('form', { has: ann.page.getByRole('button', { name: 'Add the group' }) });
    await newGroup.getByLabel('Name in English').fill('Billing team');
    await newGroup.getByRole('button', { name: 'Add the group' }).click();
    await ann.page.getByLabel('Bob Builder').check();
    await ann.page.getByRole('button', { name: 'Save the members' }).click();
    await ann.page.getByText('The members of Billing team are saved.').waitFor();
    await ann.page.getByRole('link', { name: 'All groups' }).click();
    const newTopic = ann.page.locator('form', { has: ann.page.getByRole('button', { name: 'Add the topic' }) });
    await newTopic.getByLabel('Name in English').fill('Invoices and refunds');
    await newTopic.getByLabel('Leads to').selectOption({ label: 'Billing team' });
    await newTopic.getByRole('button', { name: 'Add the topic' }).click();
    await ann.page.getByText('The topic Invoices and refunds is added.').waitFor();
    expect(await audit(ann.page, 'the groups with a topic')).toEqual([]);

    const visitor = await joinLine(browser, server.url, 'Wanda', 'I was charged twice', {
      phone: true, before: async (page) => { await page.getByLabel('What is it about?').selectOption({ label: 'Invoices and refunds' }); },
    });
    expect(await audit(visitor.page, 'a ticket page with a group')).toEqual([]);
    const row = bob.page.locator('#line-list .line-row', { hasText: 'Wanda' });
    await row.getByText('Invoices and refunds').waitFor();
    await claim(bob, 'Wanda');
  });

  it('takes a break from the status menu: colleagues see why and for how long, and it ends with Back from break', async () => {
    const { server, browser } = world;
    const ann = await openDesk(browser, server.url, 'Ann Admin');
    const bob = await openDesk(browser, server.url, 'Bob Builder');
    const menu = ann.page.getByLabel('Ann Admin: status, alerts and keyboard shortcuts');
    await menu.click();
    await ann.page.getByLabel('Reason for a break').selectOption({ label: 'Coffee' });
    await ann.page.getByRole('button', { name: 'Take a break' }).click();
    const annInBobsTeam = bob.page.locator('.member', { hasText: 'Ann Admin' });
    await annInBobsTeam.getByText('On a break: Coffee').waitFor();
    await annInBobsTeam.getByText('for 0 min').waitFor();
    if (!(await ann.page.getByRole('button', { name: 'Back from break' }).isVisible())) await menu.click();
    await ann.page.getByText('On a break: Coffee.').waitFor();
    expect(await audit(ann.page, 'a desk on a break')).toEqual([]);
    if (SHOTS) await ann.page.screenshot({ path: `${SHOTS}/desk-break.png` });
    await ann.page.getByRole('button', { name: 'Back from break' }).click();
    await annInBobsTeam.getByText('On the desk').waitFor();
  });

  it('keeps the languages a supporter speaks, and narrows the line to visitors who read one', async () => {
    const { server, browser } = world;
    const bob = await openDesk(browser, server.url, 'Bob Builder');
    await bob.page.goto(`${server.url}/account`);
    await bob.page.getByLabel('Languages spoken, most fluent first').fill('de, EN');
    await bob.page.getByRole('button', { name: 'Save the languages' }).click();
    await bob.page.getByText('The languages are saved.').waitFor();
    await bob.page.getByText('(German, English)').waitFor();
    expect(await bob.page.getByLabel('Languages spoken, most fluent first').inputValue()).toBe('de en');
    expect(await audit(bob.page, 'the account page with languages')).toEqual([]);

    const ann = await openDesk(browser, server.url, 'Ann Admin');
    await joinLine(browser, server.url, 'Greta', 'Meine Rechnung', { locale: 'de-DE' });
    await joinLine(browser, server.url, 'Walt', 'Cannot sign in', { locale: 'en-US' });
    const row = (name: string) => ann.page.locator('#line-list .line-row', { hasText: name });
    await row('Walt').waitFor();
    await ann.page.getByLabel('Visitor language').selectOption({ label: 'German' });
    await row('Walt').waitFor({ state: 'hidden' });
    expect(await row('Greta').isVisible()).toBe(true);
    if (SHOTS) await ann.page.screenshot({ path: `${SHOTS}/line-language.png` });
    // The choice stays after a reload, and rows arriving later follow it.
    await ann.page.reload();
    await row('Greta').waitFor();
    expect(await row('Walt').isVisible()).toBe(false);
    await ann.page.getByLabel('Visitor language').selectOption({ label: 'All languages' });
    await row('Walt').waitFor();
  });

  it('shows the groups pages on a phone, in Russian', async () => {
    const { server, browser } = world;
    const ann = await openDesk(browser, server.url, 'Ann Admin', { phone: true });
    await ann.page.context().addCookies([{ name: 'lineup_lang', value: 'ru', url: server.url }]);
    await ann.page.goto(`${server.url}/admin/groups`);
    await ann.page.getByRole('heading', { level: 1, name: 'Группы' }).waitFor();
    expect(await ann.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await audit(ann.page, 'the groups in Russian, on a phone')).toEqual([]);
    if (SHOTS) await ann.page.screenshot({ path: `${SHOTS}/groups-ru-phone.png`, fullPage: true });
  });
});
