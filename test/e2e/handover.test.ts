import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { addSupporters, claim, joinLine, openDesk } from './desk-session.ts';

const VERA = '<img src=x onerror=alert(1)>Vera';

describe.skipIf(!hasChromium())('team work on the desk, in real browsers', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer({ env: { MEETING_URL_TEMPLATE: 'https://meet.example.org/{room}' } });
    await addSupporters(server.databasePath, [['Ann Admin', 'admin'], ['Bob Builder', 'supporter']]);
    browser = await launchBrowser();
  });
  afterAll(async () => { await browser?.close(); await server?.stop(); });

  it('declines and accepts a transfer, invites a colleague, takes over, writes private notes, escalates and hands back to the line', async () => {
    const ann = await openDesk(browser, server.url, 'Ann Admin');
    const bob = await openDesk(browser, server.url, 'Bob Builder');
    await ann.page.locator('.member', { hasText: 'Bob Builder' }).getByText('On the desk').waitFor();
    const vera = await joinLine(browser, server.url, VERA, 'The invoice total is wrong', { phone: true });
    const walt = await joinLine(browser, server.url, 'Walt', 'Cannot sign in');
    await claim(bob, VERA);
    const bobPanel = bob.page.locator('[role="tabpanel"]:not([hidden])');

    // --- Bob offers Vera to Ann, who declines: the ticket stays with Bob, who is told ---
    const offer = async (note: string) => {
      await bobPanel.getByText('Hand over or invite').click();
      await bobPanel.getByLabel('Hand over to').selectOption({ label: 'Ann Admin' });
      await bobPanel.getByLabel('Note for them (optional)').fill(note);
      await bobPanel.getByRole('button', { name: 'Offer the ticket' }).click();
      await bobPanel.getByText('Offered to Ann Admin').waitFor();
    };
    await offer('Billing question <b>urgent</b>');
    const card = ann.page.locator('.offer', { hasText: 'Bob Builder offers you' });
    await card.getByText('Billing question <b>urgent</b>').waitFor();
    // The card counts down the seconds left to answer.
    const left = async () => Number((await card.locator('.offer__left').textContent())!.match(/(\d+) s/)![1]);
    const first = await left();
    expect(first).toBeGreaterThan(20);
    expect(first).toBeLessThanOrEqual(30);
    await expect.poll(left, { timeout: 5000 }).toBeLessThan(first);
    await card.getByRole('button', { name: 'Decline' }).click();
    await card.waitFor({ state: 'detached' });
    await bobPanel.getByText('Ann Admin declined the ticket; it stays with you.').waitFor();
    expect(await ann.page.getByRole('tab', { name: VERA }).count()).toBe(0);

    // --- offered again, Ann accepts: the tab moves with the conversation and the note ---
    await bobPanel.getByLabel('Message').fill('Let me pass you to billing.');
    await bobPanel.getByLabel('Message').press('Enter');
    await vera.page.getByText('Let me pass you to billing.').waitFor();
    await offer('Refund of order 77');
    await ann.page.locator('.offer').getByRole('button', { name: /^Accept/ }).click();
    await ann.page.getByRole('tab', { name: VERA }).waitFor();
    await bob.page.getByRole('tab', { name: VERA }).waitFor({ state: 'detached' });
    const annPanel = ann.page.locator('[role="tabpanel"]:not([hidden])');
    await annPanel.getByText('Let me pass you to billing.').waitFor();
    await annPanel.getByText('Hand-over note: Refund of order 77').waitFor();
    await vera.page.getByText('You are talking with Ann Admin.').waitFor();
    expect(await vera.page.getByText('Refund of order 77').count()).toBe(0);

    // --- a private note stays on the desk ---
    await annPanel.getByRole('radio', { name: 'Private note' }).check();
    await annPanel.getByLabel('Message').fill('Customer is on the legacy plan');
    await annPanel.getByLabel('Message').press('Enter');
    await annPanel.locator('.msg--note', { hasText: 'Customer is on the legacy plan' }).waitFor();
    // The composer is back in Reply: the next message goes to the visitor, not into another note.
    await annPanel.locator('input[data-mode="reply"]:checked').waitFor({ state: 'attached' });
    await annPanel.getByLabel('Message').fill('One moment, please.');
    await annPanel.getByLabel('Message').press('Enter');
    await vera.page.getByText('One moment, please.').waitFor();
    expect(await annPanel.locator('.msg--note', { hasText: 'One moment, please.' }).count()).toBe(0);

    // --- Ann invites Bob: both write, Vera sees both ---
    await annPanel.getByText('Hand over or invite').click();
    await annPanel.getByLabel('Invite into this chat').selectOption({ label: 'Bob Builder' });
    await annPanel.getByRole('button', { name: 'Invite' }).click();
    await bob.page.getByRole('tab', { name: VERA }).click();
    await bobPanel.getByText('Customer is on the legacy plan').waitFor();
    await vera.page.getByText('You are talking with Ann Admin and Bob Builder.').waitFor();
    await bobPanel.getByLabel('Message').fill('Bob from billing here.');
    await bobPanel.getByLabel('Message').press('Enter');
    await vera.page.getByText('Bob from billing here.').waitFor();
    await annPanel.getByText('Bob from billing here.').waitFor();
    await bobPanel.getByRole('button', { name: 'Leave this chat' }).click();
    await bob.page.getByRole('tab', { name: VERA }).waitFor({ state: 'detached' });
    await vera.page.getByText('You are talking with Ann Admin.').waitFor();
    expect(await vera.page.getByText('Customer is on the legacy plan').count()).toBe(0);

    // --- escalation to a meeting room: a join button on both sides ---
    await annPanel.getByRole('button', { name: 'Escalate to meeting' }).click();
    const join = vera.page.getByRole('link', { name: 'Join the video meeting' });
    await join.waitFor();
    expect(await join.getAttribute('href')).toMatch(/^https:\/\/meet\.example\.org\/Lineup-[0-9a-f]{32}$/);
    expect(await annPanel.getByRole('link', { name: 'Join the video meeting' }).getAttribute('href')).toBe(await join.getAttribute('href'));
    // LINEUP_SCREENSHOT_DIR=/tmp/shots keeps pictures of both sides to look at.
    if (process.env.LINEUP_SCREENSHOT_DIR) {
      await ann.page.screenshot({ path: `${process.env.LINEUP_SCREENSHOT_DIR}/desk-team-work.png` });
      await vera.page.screenshot({ path: `${process.env.LINEUP_SCREENSHOT_DIR}/visitor-meeting.png`, fullPage: true });
    }

    // --- Bob claims Walt; Ann (an admin) takes the chat over, and Bob is told ---
    await claim(bob, 'Walt');
    const takeOver = ann.page.locator('#chats').getByRole('button', { name: 'Take over Walt' });
    await takeOver.click();
    await ann.page.getByRole('tab', { name: 'Walt' }).waitFor();
    await bob.page.getByText("Ann Admin took over Walt's ticket.").waitFor();
    await walt.page.getByText('You are talking with Ann Admin.').waitFor();

    // --- Ann puts Walt back in the line with a note for whoever is next ---
    await ann.page.getByRole('tab', { name: 'Walt' }).click();
    await annPanel.getByText('Hand over or invite').click();
    await annPanel.getByLabel('Note for the next supporter (optional)').fill('Needs a password reset');
    await annPanel.getByRole('button', { name: 'Put back in the line' }).click();
    await walt.page.getByText('Your place in line: 1').waitFor();
    await bob.page.locator('#line-list .line-row', { hasText: 'Walt' }).waitFor();
    await claim(bob, 'Walt');
    await bobPanel.getByText('Note for the next supporter: Needs a password reset').waitFor();
    expect(await walt.page.getByText('Needs a password reset').count()).toBe(0);

    for (const who of [ann, bob, vera, walt]) expect(who.errors).toEqual([]);
    expect(await vera.page.locator('img').count()).toBe(0);
  });
});
