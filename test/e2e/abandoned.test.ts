import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { addSupporters, joinLine, openDesk } from './desk-session.ts';

describe.skipIf(!hasChromium())('a visitor who leaves the page, in real browsers', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    await addSupporters(server.databasePath, [['Ann Admin', 'admin']]);
    // The clock moved on: ten minutes become three seconds (the setting is kept in seconds).
    const db = new Database(server.databasePath);
    db.prepare("INSERT INTO settings (key, value) VALUES ('abandon_after_s', '3')").run();
    db.close();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('takes the ticket out of the line once the visitor has been gone long enough, and puts it back at its old place when they return in time', async () => {
    const ann = await openDesk(browser, server.url, 'Ann Admin');
    const vera = await joinLine(browser, server.url, 'Vera', 'The invoice total is wrong');
    await joinLine(browser, server.url, 'Walt', 'I cannot sign in');
    const rows = ann.page.locator('#line-list .line-row');
    await rows.filter({ hasText: 'Walt' }).waitFor();
    const ticketUrl = vera.page.url();

    // Vera closes her ticket page (her browser stays: the same cookie comes back).
    await vera.page.close();
    await rows.filter({ hasText: 'Vera' }).getByText(/left the page/).waitFor({ timeout: 15_000 });
    await rows.filter({ hasText: 'Vera' }).waitFor({ state: 'detached', timeout: 30_000 });
    expect(await rows.allInnerTexts()).toHaveLength(1);

    // She opens it again in time: first in the line again, ahead of Walt, and her page says so.
    const back = await vera.context.newPage();
    await back.goto(ticketUrl);
    await back.getByText('Your place in line: 1').waitFor();
    await rows.filter({ hasText: 'Vera' }).waitFor();
    await expect.poll(async () => (await rows.allInnerTexts()).map((text) => text.split('\n')[0]!.trim())).toEqual(['Vera', 'Walt']);
    await back.getByText('Vera came back and is in the line again at their old place.').waitFor();
  }, 90_000);
});
