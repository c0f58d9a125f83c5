import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserServer } from 'playwright-core';
import { BROWSER_ARGS, CHROMIUM, hasChromium, launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { addSupporters, claim, joinLine, openDesk } from './desk-session.ts';

describe.skipIf(!hasChromium())('presence that is true, in real browsers', () => {
  let server: RunningServer;
  let browser: Browser;
  let doomed: BrowserServer;

  beforeAll(async () => {
    server = await startServer();
    await addSupporters(server.databasePath, [['Ann Admin', 'admin'], ['Bob Builder', 'supporter']]);
    browser = await launchBrowser();
    // Bob's browser is its own process, so the test can kill it the hard way.
    doomed = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: BROWSER_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    doomed?.process().kill('SIGKILL');
    await server?.stop();
  });

  it("puts a killed supporter's tickets back in the line within 30 s, keeps what was said, and keeps a reloading supporter's tabs", async () => {
    const ann = await openDesk(browser, server.url, 'Ann Admin');
    const bob = await openDesk(await chromium.connect(doomed.wsEndpoint()), server.url, 'Bob Builder');
    await ann.page.locator('.member', { hasText: 'Bob Builder' }).getByText('On the desk').waitFor();
    // The shortest grace period an admin may set: a browser that died gives its tickets back after it.
    await ann.page.goto(`${server.url}/admin/supporters`);
    await ann.page.getByLabel(/Give their tickets back after/).fill('10');
    await ann.page.locator('form[action="/admin/leaving"]').getByRole('button', { name: 'Save', exact: true }).click();
    await ann.page.getByText(/Saved: held tickets wait 10 seconds for a supporter who left/).waitFor();
    await ann.page.goto(`${server.url}/desk`);

    const vera = await joinLine(browser, server.url, 'Vera', 'The invoice total is wrong');
    const walt = await joinLine(browser, server.url, 'Walt', 'I cannot sign in');
    await claim(bob, 'Vera');
    await claim(ann, 'Walt');
    const panel = bob.page.locator('[role="tabpanel"]:not([hidden])');
    await panel.getByLabel('Message').fill('Looking at invoice 77 now.');
    await panel.getByLabel('Message').press('Enter');
    await vera.page.getByText('Looking at invoice 77 now.').waitFor();

    // Ann reloads in the middle of her chat: she keeps her tab, and Walt keeps her.
    await ann.page.reload();
    await ann.page.getByRole('tab', { name: 'Walt' }).waitFor();

    // Bob's browser dies without a goodbye.
    const killedAt = Date.now();
    doomed.process().kill('SIGKILL');

    await ann.page.locator('.member', { hasText: 'Bob Builder' }).getByText('Offline').waitFor({ timeout: 30_000 });
    await ann.page.locator('#line-list .line-row', { hasText: 'Vera' }).getByRole('button', { name: 'Claim' }).waitFor({ timeout: 30_000 });
    const back = Date.now() - killedAt;
    console.log(`a killed desk's ticket was back in the line after ${back} ms`);
    expect(back).toBeLessThan(30_000);

    // Vera is told, keeps her place at the front, and nothing Bob said is lost.
    await vera.page.getByText('Your supporter had to leave. You are back in the line at your old place.').waitFor();
    await vera.page.getByText('Your place in line: 1').waitFor();
    await vera.page.getByText('Looking at invoice 77 now.').waitFor();

    // Ann's desk answers the server's pings (so a quiet desk that is really there stays online).
    await ann.page.waitForRequest((r) => r.url().endsWith('/desk/alive') && r.method() === 'POST', { timeout: 15_000 });

    // Ann, who only reloaded, still has Walt; Walt still has Ann.
    await ann.page.getByRole('tab', { name: 'Walt' }).waitFor();
    await walt.page.getByText('You are talking with Ann Admin.').waitFor();
    expect(await walt.page.getByText('Your supporter had to leave').count()).toBe(0);

    // Ann picks Vera up; the conversation so far is in her new tab.
    await claim(ann, 'Vera');
    await ann.page.locator('[role="tabpanel"]:not([hidden])').getByText('Looking at invoice 77 now.').waitFor();
  }, 60_000);
});
