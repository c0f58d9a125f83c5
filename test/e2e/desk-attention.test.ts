import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { addSupporters, claim, joinLine, openDesk } from './desk-session.ts';
import { notes, RECORD_NOTIFICATIONS, setHidden } from './attention.ts';

describe.skipIf(!hasChromium())('a desk that calls for attention, in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    await addSupporters(server.databasePath, [['Ann Admin', 'admin']]);
    browser = await launchBrowser();
  });
  afterAll(async () => { await browser?.close(); await server?.stop(); });

  it('counts unread messages per tab, flashes the title in the background, notifies, types both ways and moves by keyboard', async () => {
    const ann = await openDesk(browser, server.url, 'Ann Admin');
    // A new desk plays a sound for new messages in held tickets until the supporter turns it off.
    expect(await ann.page.getByLabel('Play a sound when a visitor writes').isChecked()).toBe(true);
    await ann.context.grantPermissions(['notifications'], { origin: server.url });
    await ann.page.addInitScript(RECORD_NOTIFICATIONS);
    await ann.page.reload();
    await ann.page.getByLabel('Ann Admin: status, alerts and keyboard shortcuts').click();
    await ann.page.getByLabel('Desktop notifications while Lineup is in the background').check();
    await ann.page.getByLabel('Alert me when someone joins the line').check();
    await ann.page.getByText('You will be alerted when someone joins the line.').waitFor();

    const vera = await joinLine(browser, server.url, '<i>Vera</i>', 'The invoice is wrong');
    const walt = await joinLine(browser, server.url, 'Walt', 'Cannot sign in');
    await claim(ann, '<i>Vera</i>');
    await claim(ann, 'Walt');

    // Walt's tab is in front; Vera writes: her tab shows one unread message, Walt's none.
    const veraTab = ann.page.getByRole('tab', { name: '<i>Vera</i>' });
    await vera.page.getByLabel('Message').fill('Order 1234, please');
    await vera.page.getByLabel('Message').press('Enter');
    await veraTab.locator('.tab__unread', { hasText: '1' }).waitFor();
    expect(await ann.page.getByRole('tab', { name: 'Walt' }).locator('.tab__unread').count()).toBe(0);
    await expect.poll(() => ann.page.title()).toBe('(1) Desk · Lineup');

    // A reload keeps the count.
    await ann.page.reload();
    await ann.page.getByRole('tab', { name: '<i>Vera</i>' }).locator('.tab__unread', { hasText: '1' }).waitFor();

    // The browser tab goes to the background: the next message flashes the title and notifies.
    await setHidden(ann.page, true);
    await vera.page.getByLabel('Message').fill('Are you there?');
    await vera.page.getByLabel('Message').press('Enter');
    await expect.poll(() => ann.page.title()).toBe('(2) <i>Vera</i> wrote…');
    await expect.poll(() => ann.page.title(), { timeout: 3000 }).toBe('(2) Desk · Lineup');
    await expect.poll(async () => (await notes(ann.page)).map((n) => n.title)).toContain('<i>Vera</i> wrote');
    expect((await notes(ann.page)).find((n) => n.title === '<i>Vera</i> wrote')!.body).toBe('Are you there?');

    // A new ticket joining the line notifies too (Ann asked for it).
    await joinLine(browser, server.url, 'Xena', 'Refund please');
    await expect.poll(async () => (await notes(ann.page)).map((n) => n.title)).toContain('New in the line: Xena');

    // On a break she is not called about the next one; back from it, she is again.
    const menu = ann.page.getByLabel('Ann Admin: status, alerts and keyboard shortcuts');
    await menu.click();
    await ann.page.getByRole('button', { name: 'Take a break' }).click();
    await ann.page.locator('#me[data-status="break"]').waitFor({ state: 'attached' });
    await joinLine(browser, server.url, 'Yuri', 'A quick question');
    await ann.page.locator('#line-list .line-row', { hasText: 'Yuri' }).waitFor({ state: 'attached' });
    await ann.page.waitForTimeout(300);
    expect((await notes(ann.page)).map((n) => n.title)).not.toContain('New in the line: Yuri');
    if (!(await ann.page.getByRole('button', { name: 'Back from break' }).isVisible())) await menu.click();
    await ann.page.getByRole('button', { name: 'Back from break' }).click();
    await ann.page.locator('#me[data-status="available"]').waitFor({ state: 'attached' });
    await joinLine(browser, server.url, 'Zoe', 'One more question');
    await expect.poll(async () => (await notes(ann.page)).map((n) => n.title)).toContain('New in the line: Zoe');

    // Back in front: the flashing stops; opening Vera's tab clears her count.
    await setHidden(ann.page, false);
    await expect.poll(() => ann.page.title()).toBe('(2) Desk · Lineup');
    await ann.page.getByRole('tab', { name: '<i>Vera</i>' }).click();
    await expect.poll(() => ann.page.title()).toBe('Desk · Lineup');
    expect(await ann.page.locator('.tab__unread').count()).toBe(0);

    // Typing shows on the other side, and goes once the message lands.
    const panel = ann.page.locator('[role="tabpanel"]:not([hidden])');
    await vera.page.getByLabel('Message').pressSequentially('still th');
    await panel.getByText('<i>Vera</i> is typing…').waitFor();
    await panel.getByLabel('Message').pressSequentially('One moment');
    await vera.page.getByText('Ann Admin is typing…').waitFor();
    await panel.getByLabel('Message').press('Enter');
    await vera.page.getByText('One moment').waitFor();
    await expect.poll(() => vera.page.locator('#typing').textContent()).toBe('');
    await vera.page.getByLabel('Message').press('Enter');
    await expect.poll(() => panel.locator('.typing').textContent()).toBe('');
    expect(await vera.page.locator('i').count()).toBe(0);

    // The keyboard: Alt+J / Alt+K between tabs (ready to write), Alt+L to the line, Alt+T team chat.
    await ann.page.keyboard.press('Alt+J');
    await expect.poll(() => ann.page.getByRole('tab', { name: 'Walt' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => ann.page.evaluate(() => document.activeElement?.id)).toMatch(/^body-\d+$/);
    await ann.page.keyboard.press('Alt+K');
    await expect.poll(() => ann.page.getByRole('tab', { name: '<i>Vera</i>' }).getAttribute('aria-selected')).toBe('true');
    await ann.page.keyboard.press('Alt+L');
    await expect.poll(() => ann.page.evaluate(() => document.activeElement?.closest('.line-row')?.textContent ?? '')).toContain('Xena');
    await ann.page.keyboard.press('Enter');
    await ann.page.getByRole('tab', { name: 'Xena' }).waitFor();
    // The claim lands the supporter in the new tab's message box; then Alt+T goes to team chat.
    await expect.poll(() => ann.page.evaluate(() => document.activeElement?.id)).toMatch(/^body-\d+$/);
    await ann.page.keyboard.press('Alt+T');
    await expect.poll(() => ann.page.evaluate(() => document.activeElement?.id)).toBe('team-body');
    await ann.page.keyboard.type('Anyone free for Xena?');
    await ann.page.keyboard.press('Enter');
    await ann.page.locator('#team-log').getByText('Anyone free for Xena?').waitFor();
    await walt.page.close();
    expect(ann.errors).toEqual([]);
  });
});
