import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { freePort, hasChromium, launchBrowser, person, recordSends, seenAt, sentAt, watchFor } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

const HOSTILE_NAME = `<img src=x onerror=alert(1)>Walt`;

/** Message bodies in a log, in order. */
async function bodies(page: Page, log: string): Promise<string[]> {
  return page.locator(`${log} .msg__body`).allTextContents();
}

describe.skipIf(!hasChromium())('the core loop in real browsers', () => {
  let server: RunningServer;
  let browser: Browser;
  let port: number;
  let url: string;

  beforeAll(async () => {
    port = await freePort();
    server = await startServer({ env: { PORT: String(port) } });
    url = server.url;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('takes two visitors and two supporters through intake, the line, a claim race, live chat, close and search', async () => {
    // --- first run: the first admin is created from the browser ---
    const ann = await person(browser);
    await ann.page.goto(`${url}/desk`);
    await expect.poll(() => ann.page.url()).toContain('/setup');
    await ann.page.getByLabel('Name').fill('Ann Admin');
    await ann.page.getByLabel('E-mail').fill('ann@example.com');
    await ann.page.getByLabel('Password').fill('ann-password-1');
    await ann.page.getByRole('button', { name: 'Create admin account' }).click();
    await ann.page.waitForURL(`${url}/desk`);

    // Ann adds Bob from the admin page, with a password she sets (not the default invitation by e-mail).
    await ann.page.getByRole('link', { name: 'Supporters' }).click();
    await ann.page.getByLabel('Name', { exact: true }).fill('Bob Builder');
    await ann.page.getByLabel('E-mail', { exact: true }).fill('bob@example.com');
    await ann.page.getByLabel('Set a password now').check();
    await ann.page.getByLabel('Password', { exact: true }).fill('bob-password-1');
    await ann.page.getByRole('button', { name: 'Add supporter' }).click();
    await ann.page.getByText('Bob Builder can now sign in.').waitFor();
    await ann.page.goto(`${url}/desk`);

    const bob = await person(browser);
    await bob.page.goto(`${url}/desk`);
    await bob.page.waitForURL(`${url}/login`);
    await bob.page.getByLabel('E-mail').fill('bob@example.com');
    await bob.page.getByLabel('Password').fill('bob-password-1');
    await bob.page.getByRole('button', { name: 'Sign in' }).click();
    await bob.page.waitForURL(`${url}/desk`);

    // Ann sees Bob come online without reloading.
    await expect.poll(() => ann.page.locator('.member', { hasText: 'Bob Builder' }).textContent()).toContain('On the desk');

    // --- two visitors join; one on a phone ---
    const vera = await person(browser);
    await vera.page.goto(url);
    await vera.page.getByText('2 supporters are online right now.').waitFor();
    await vera.page.getByLabel('Name').fill('Vera');
    await vera.page.getByLabel('E-mail').fill('vera@example.com');
    await vera.page.getByLabel('Describe your problem').fill('My invoice shows the wrong total');
    await vera.page.getByRole('button', { name: 'Join the line' }).click();
    await vera.page.getByText('Your place in line: 1').waitFor();

    const walt = await person(browser, { phone: true });
    await walt.page.goto(url);
    await walt.page.getByLabel('Name').fill(HOSTILE_NAME);
    await walt.page.getByLabel('Describe your problem').fill('I cannot log in <b>at all</b>');
    await walt.page.getByRole('button', { name: 'Join the line' }).click();
    await walt.page.getByText('Your place in line: 2').waitFor();

    // Both desks see both tickets arrive live, with the hostile name shown as text.
    for (const desk of [ann.page, bob.page]) {
      await desk.locator('#line-list .line-row', { hasText: 'Vera' }).waitFor();
      await desk.locator('#line-list .line-row', { hasText: HOSTILE_NAME }).waitFor();
      expect(await desk.locator('#line-list img').count()).toBe(0);
    }

    // Vera adds a detail while she waits.
    await vera.page.getByLabel('Message').fill('It happened on order 1234');
    await vera.page.getByRole('button', { name: 'Send' }).click();
    await vera.page.locator('#log .msg__body', { hasText: 'It happened on order 1234' }).waitFor();

    // --- Walt steps away with a note: keeps his place, shown as away with his note, cannot be claimed ---
    await walt.page.getByLabel('A note for the supporter (optional)').fill('back at 3 pm');
    await walt.page.getByRole('button', { name: 'Step away' }).click();
    await walt.page.getByRole('button', { name: "I'm back" }).waitFor();
    await expect.poll(() => walt.page.locator('#place .place').textContent()).toBe('Your place in line: 2 of 2');
    const waltRow = ann.page.locator('#line-list .line-row', { hasText: HOSTILE_NAME });
    await waltRow.getByText('Away: back at 3 pm').waitFor();
    expect(await waltRow.getByRole('button', { name: 'Claim' }).count()).toBe(0);

    // --- Ann and Bob claim Vera at the same moment: exactly one wins ---
    const claimButton = (page: Page) => page.locator('#line-list .line-row', { hasText: 'Vera' }).getByRole('button', { name: 'Claim' });
    await Promise.all([claimButton(ann.page).waitFor(), claimButton(bob.page).waitFor()]);
    // Both press Claim at the same instant (a shared wall-clock moment on one machine). If the
    // other's win already removed the row from a page, that press is the one that just missed
    // it on screen: its request still goes out, as the click would have.
    const at = Date.now() + 400;
    await Promise.all([ann.page, bob.page].map((p) => p.evaluate((when) => {
      const row = [...document.querySelectorAll('#line-list .line-row')].find((r) => r.textContent?.includes('Vera'))!;
      const form = row.querySelector('form')!;
      const action = form.getAttribute('hx-post')!;
      setTimeout(() => {
        if (form.isConnected) form.requestSubmit();
        else void (window as unknown as { htmx: { ajax(v: string, p: string, o: object): Promise<void> } }).htmx.ajax('POST', action, { target: '#desk-notice', swap: 'innerHTML' });
      }, when - Date.now());
    }, at)));
    await Promise.all([ann.page, bob.page].map((p) => p.locator('#desk-notice .notice').waitFor()));
    const notices = await Promise.all([ann.page, bob.page].map((p) => p.locator('#desk-notice').textContent()));
    const winnerIndex = notices.findIndex((n) => n?.includes("You claimed Vera's ticket."));
    expect(winnerIndex).toBeGreaterThanOrEqual(0);
    const [winner, loser] = winnerIndex === 0 ? [ann, bob] : [bob, ann];
    const winnerName = winnerIndex === 0 ? 'Ann Admin' : 'Bob Builder';
    expect(notices[1 - winnerIndex]).toContain(`${winnerName} claimed this ticket first.`);

    // The ticket leaves every line at once; only the winner has a tab.
    for (const desk of [ann.page, bob.page]) await desk.locator('#line-list .line-row', { hasText: 'Vera' }).waitFor({ state: 'detached' });
    await winner.page.getByRole('tab', { name: 'Vera' }).waitFor();
    expect(await loser.page.getByRole('tab', { name: 'Vera' }).count()).toBe(0);

    // Vera sees who helps her; Walt moves up while away.
    await vera.page.getByText(`You are talking with ${winnerName}.`).waitFor();
    await expect.poll(() => walt.page.locator('#place .place').textContent()).toBe('Your place in line: 1 of 1');

    // The tab shows what Vera wrote before the claim, in order.
    const panel = winner.page.locator('[role="tabpanel"]:not([hidden])');
    await panel.locator('.msg__body', { hasText: 'It happened on order 1234' }).waitFor();
    const firstTwo = (await panel.locator('.msg__body').allTextContents()).slice(0, 2);
    expect(firstTwo).toEqual(['My invoice shows the wrong total', 'It happened on order 1234']);
    await panel.getByText('vera@example.com').waitFor();

    // The claim put the winner straight into the new tab's message box.
    await expect.poll(() => winner.page.evaluate(() => document.activeElement?.id)).toMatch(/^body-\d+$/);

    // --- live chat both ways; measure delivery latency from Send to the other page ---
    // Measured by the pages' own clocks (one machine): from the request leaving the sender's
    // page to the message appearing on the other page.
    const latencies: number[] = [];
    await recordSends(vera.page);
    await recordSends(winner.page);
    for (let i = 1; i <= 5; i++) {
      const toVisitor = `Checking that for you (${i})`;
      await watchFor(vera.page, toVisitor);
      await panel.getByLabel('Message').fill(toVisitor);
      await panel.getByLabel('Message').press('Enter');
      latencies.push((await seenAt(vera.page, toVisitor)) - (await sentAt(winner.page)));

      const toSupporter = `Thanks, still here (${i})`;
      await watchFor(winner.page, toSupporter);
      await vera.page.getByLabel('Message').fill(toSupporter);
      await vera.page.getByRole('button', { name: 'Send' }).click();
      latencies.push((await seenAt(winner.page, toSupporter)) - (await sentAt(vera.page)));
    }
    latencies.sort((a, b) => a - b);
    console.log(`delivery latency in the browser (Send -> other page shows it), ms: median ${latencies[Math.floor(latencies.length / 2)]}, max ${latencies.at(-1)}, all ${latencies.join(' ')}`);
    expect(latencies.at(-1)).toBeLessThan(2000);

    // --- an impatient double send stores the message once ---
    await vera.page.getByLabel('Message').fill('Sent with a double press');
    await watchFor(winner.page, 'Sent with a double press');
    await vera.page.evaluate(() => {
      const form = document.querySelector<HTMLFormElement>('form.composer')!;
      form.requestSubmit();
      form.requestSubmit();
    });
    await seenAt(winner.page, 'Sent with a double press');
    await vera.page.getByLabel('Message').fill('after the double press');
    await vera.page.getByRole('button', { name: 'Send' }).click();
    await panel.getByText('after the double press').waitFor();
    expect((await bodies(winner.page, '[role="tabpanel"]:not([hidden])')).filter((b) => b === 'Sent with a double press')).toHaveLength(1);

    // --- what is typed while a slow send is on its way is kept, and sent with Enter ---
    await vera.page.route('**/messages', async (route) => {
      await new Promise((r) => setTimeout(r, 600));
      await route.continue();
    });
    await vera.page.getByLabel('Message').fill('slow first');
    await vera.page.getByLabel('Message').press('Enter');
    await vera.page.getByLabel('Message').fill('typed meanwhile');
    await vera.page.getByLabel('Message').press('Enter');
    await panel.getByText('typed meanwhile').waitFor();
    // The same with the Send button, pressed while the previous message is still on its way.
    await vera.page.getByLabel('Message').fill('slow second');
    await vera.page.getByLabel('Message').press('Enter');
    await vera.page.getByLabel('Message').fill('clicked meanwhile');
    await vera.page.getByRole('button', { name: 'Send' }).click();
    await panel.getByText('clicked meanwhile').waitFor();
    await vera.page.unroute('**/messages');
    const tail = (await bodies(winner.page, '[role="tabpanel"]:not([hidden])')).slice(-4);
    expect(tail).toEqual(['slow first', 'typed meanwhile', 'slow second', 'clicked meanwhile']);
    await expect.poll(() => vera.page.getByLabel('Message').inputValue()).toBe('');

    // --- a desk in a background browser tab keeps receiving ---
    await winner.page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    const whileHidden = 'Written while your tab was in the background';
    await watchFor(winner.page, whileHidden);
    await vera.page.getByLabel('Message').fill(whileHidden);
    await vera.page.getByRole('button', { name: 'Send' }).click();
    await seenAt(winner.page, whileHidden);

    // --- Walt comes back and the loser claims him ---
    await walt.page.getByRole('button', { name: "I'm back" }).click();
    await claimButton(loser.page).or(loser.page.locator('#line-list .line-row', { hasText: HOSTILE_NAME }).getByRole('button', { name: 'Claim' })).first().waitFor();
    await loser.page.locator('#line-list .line-row', { hasText: HOSTILE_NAME }).getByRole('button', { name: 'Claim' }).click();
    await loser.page.getByRole('tab', { name: HOSTILE_NAME }).waitFor();
    await walt.page.getByText('You are talking with').waitFor();

    // --- two tabs on one desk: switch between them; each keeps its own draft ---
    expect(await loser.page.getByRole('tab').count()).toBe(1);
    await walt.page.getByLabel('Message').fill('Hello?');
    await walt.page.getByRole('button', { name: 'Send' }).click();
    await loser.page.getByLabel('Message').fill('draft for Walt');
    const third = await person(browser);
    await third.page.goto(url);
    await third.page.getByLabel('Name').fill('Xenia');
    await third.page.getByLabel('Describe your problem').fill('Second tab please');
    await third.page.getByRole('button', { name: 'Join the line' }).click();
    await loser.page.locator('#line-list .line-row', { hasText: 'Xenia' }).getByRole('button', { name: 'Claim' }).click();
    await expect.poll(() => loser.page.getByRole('tab', { name: 'Xenia' }).getAttribute('aria-selected')).toBe('true');
    // Only the tab in front offers its fields: one "Message", one "Close ticket".
    expect(await loser.page.getByLabel('Message').count()).toBe(1);
    await loser.page.getByLabel('Message').fill('Hi Xenia');
    await loser.page.getByRole('button', { name: 'Send' }).click();
    await third.page.locator('#log .msg__body', { hasText: 'Hi Xenia' }).waitFor();
    await loser.page.getByRole('tab', { name: HOSTILE_NAME }).click();
    expect(await loser.page.getByLabel('Message').inputValue()).toBe('draft for Walt');
    await loser.page.getByRole('tab', { name: HOSTILE_NAME }).press('ArrowRight');
    await expect.poll(() => loser.page.getByRole('tab', { name: 'Xenia' }).getAttribute('aria-selected')).toBe('true');
    expect(await loser.page.locator('[role="tabpanel"]:not([hidden])').getByText('Hello?').count()).toBe(0);
    await loser.page.getByRole('tab', { name: 'Xenia' }).press('ArrowLeft');
    await loser.page.locator('[role="tabpanel"]:not([hidden])').getByText('Hello?').waitFor();
    await loser.page.evaluate(() => document.addEventListener('lineup:reset', () => {
      const w = window as unknown as { __resets?: number };
      w.__resets = (w.__resets ?? 0) + 1;
    }));

    // --- a reset (the server cannot replay what the desk missed) keeps the tab in front and the draft ---
    await loser.page.getByRole('tab', { name: 'Xenia' }).click();
    await loser.page.getByLabel('Message').fill('half-written reply');
    await server.stop();
    const db = new Database(server.databasePath);
    db.prepare('DELETE FROM events').run(); // every cursor is now from the future: a reset, by design
    db.close();
    server = await startServer({ databasePath: server.databasePath, env: { PORT: String(port) } });
    await expect.poll(() => loser.page.evaluate(() => (window as unknown as { __resets?: number }).__resets ?? 0), { timeout: 15_000 }).toBeGreaterThan(0);
    expect(await loser.page.getByRole('tab', { name: 'Xenia' }).getAttribute('aria-selected')).toBe('true');
    await loser.page.locator('[role="tabpanel"]:not([hidden])').getByText('Hi Xenia').waitFor();
    expect(await loser.page.getByLabel('Message').inputValue()).toBe('half-written reply');
    await loser.page.getByLabel('Message').fill('');

    // --- reloading comes back to the same state: every message, in order, once ---
    const veraBefore = await bodies(vera.page, '#log');
    await vera.page.reload();
    await vera.page.getByText(`You are talking with ${winnerName}.`).waitFor();
    expect(await bodies(vera.page, '#log')).toEqual(veraBefore);
    const deskBefore = await bodies(winner.page, '#log-1');
    await winner.page.reload();
    await winner.page.getByRole('tab', { name: 'Vera' }).waitFor();
    expect(await bodies(winner.page, '#log-1')).toEqual(deskBefore);
    expect(new Set(deskBefore.filter((b) => b.startsWith('Checking'))).size).toBe(5);

    // --- the server dies mid-conversation; pages reconnect and miss nothing ---
    await server.kill9();
    await vera.page.getByText('Connection lost. Reconnecting…').waitFor();
    server = await startServer({ databasePath: server.databasePath, env: { PORT: String(port) } });
    await vera.page.getByText('Connection lost. Reconnecting…').waitFor({ state: 'hidden' });
    const afterRestart = 'Sent after the restart';
    await watchFor(vera.page, afterRestart);
    // The desk's stream reconnects on its own; wait until the message form works again.
    const tab = winner.page.locator('[role="tabpanel"]:not([hidden])');
    await tab.getByLabel('Message').fill(afterRestart);
    await tab.getByRole('button', { name: 'Send' }).click();
    await seenAt(vera.page, afterRestart);
    const veraAfter = await bodies(vera.page, '#log');
    expect(veraAfter.filter((b) => b === afterRestart)).toHaveLength(1);
    expect(veraAfter.slice(0, veraBefore.length)).toEqual(veraBefore);

    // --- close with a resolution; Vera keeps the transcript ---
    await tab.getByLabel('Resolution note (optional)').fill('Corrected the invoice total');
    await tab.getByRole('button', { name: 'Close ticket' }).click();
    await vera.page.getByText('This ticket is closed.').waitFor();
    expect(await vera.page.getByLabel('Message').count()).toBe(0);
    await winner.page.getByRole('tab', { name: 'Vera' }).waitFor({ state: 'detached' });
    expect(await bodies(vera.page, '#log')).toContain('It happened on order 1234');

    // --- the transcript is searchable, with the match highlighted ---
    await winner.page.getByRole('link', { name: 'Transcripts' }).click();
    await winner.page.getByLabel('Search transcripts').fill('invoice');
    await winner.page.getByRole('button', { name: 'Search' }).click();
    const hit = winner.page.locator('.result', { hasText: 'Vera' });
    await hit.waitFor();
    expect(await hit.locator('mark').first().textContent()).toMatch(/invoice/i);
    // Quotes, brackets and stars are just text to the search box; a quoted phrase stays a phrase.
    await winner.page.getByLabel('Search transcripts').fill('"wrong total" (invoice*');
    await winner.page.getByRole('button', { name: 'Search' }).click();
    // The phrase's own highlight: these are the new results, not the first search's.
    await winner.page.locator('.result', { hasText: 'Vera' }).locator('mark', { hasText: /^wrong$/i }).first().waitFor();
    await winner.page.locator('.result a', { hasText: 'Vera' }).click();
    await winner.page.getByText('Corrected the invoice total').waitFor();

    // --- signing out in one window takes the other window of the same desk to the sign-in page ---
    const secondWindow = await winner.context.newPage();
    await secondWindow.goto(`${url}/desk`);
    await secondWindow.locator('#line').waitFor();
    await winner.page.goto(`${url}/desk`);
    await winner.page.getByRole('button', { name: 'Sign out' }).click();
    await winner.page.waitForURL(`${url}/login`);
    // At once: the sign-out ends every stream of the session, and the desk finds its session gone.
    await secondWindow.waitForURL(`${url}/login`, { timeout: 5_000 });

    for (const p of [ann, bob, vera, walt, third]) expect(p.errors).toEqual([]);
  }, 120_000);
});
