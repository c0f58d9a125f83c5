import { describe, expect, it } from 'vitest';
import { hasChromium } from './browser.ts';
import { audit } from './axe.ts';
import { claim, joinLine, openDesk, serverAndBrowser } from './desk-session.ts';

// Set LINEUP_SCREENSHOT_DIR to keep pictures of the reports for a look.
const SHOTS = process.env.LINEUP_SCREENSHOT_DIR;

/** Reports in real browsers: a ticket served on the desk shows in the day's report, its CSV and its print. */
describe.skipIf(!hasChromium())('reports, in real browsers', () => {
  const world = serverAndBrowser([['Sam Super', 'supervisor'], ['Ann Archer', 'supporter'], ['Adam Admin', 'admin']]);

  it("counts a ticket served on the desk in today's report, for the supervisor and for the supporter who served it", async () => {
    const { server, browser } = world;
    const ann = await openDesk(browser, server.url, 'Ann Archer');
    const vera = await joinLine(browser, server.url, 'Vera', 'The export crashes');
    await claim(ann, 'Vera');
    const tab = ann.page.locator('[role="tabpanel"]:not([hidden])');
    await tab.getByLabel('Message').fill('Let me look');
    await tab.getByRole('button', { name: 'Send' }).click();
    await vera.page.getByText('Let me look').waitFor();
    await tab.getByRole('button', { name: 'Close ticket' }).click();
    await vera.page.getByText('This ticket is closed.').waitFor();

    const sam = await openDesk(browser, server.url, 'Sam Super');
    await sam.page.getByRole('link', { name: 'Reports' }).click();
    await sam.page.getByRole('heading', { level: 1, name: 'Reports' }).waitFor();
    await sam.page.getByLabel('Period', { exact: true }).selectOption('day');
    await sam.page.getByRole('button', { name: 'Show' }).click();
    await sam.page.waitForURL(/period=day/);
    const summary = sam.page.locator('section', { has: sam.page.getByRole('heading', { name: 'Summary' }) });
    expect(await summary.locator('div', { hasText: /^Tickets/ }).locator('dd').textContent()).toBe('1');
    expect(await summary.locator('div', { hasText: /^Closed/ }).locator('dd').textContent()).toBe('1');
    await sam.page.getByRole('row', { name: /Ann Archer/ }).waitFor();
    await sam.page.getByRole('img', { name: /Ann Archer/ }).waitFor(); // her day, from the presence log
    expect(await audit(sam.page, 'the day report')).toEqual([]);
    if (SHOTS) await sam.page.screenshot({ path: `${SHOTS}/report-day.png`, fullPage: true });

    // The summary's CSV says the same as the page.
    const href = await summary.getByRole('link', { name: 'Export CSV' }).getAttribute('href');
    const csv = await (await sam.page.request.get(`${server.url}${href}`)).text();
    expect(csv.split('\r\n')[1]).toMatch(/^"\d{4}-\d\d-\d\d","\d{4}-\d\d-\d\d",1,1,1,0,0,0,0,/);

    // Printed: no navigation or forms, the team's name on top, the tables open.
    await sam.page.emulateMedia({ media: 'print' });
    expect(await sam.page.getByRole('button', { name: 'Show' }).isVisible()).toBe(false);
    expect(await sam.page.getByRole('link', { name: 'Export CSV' }).first().isVisible()).toBe(false);
    if (SHOTS) await sam.page.screenshot({ path: `${SHOTS}/report-print.png`, fullPage: true });
    await sam.page.emulateMedia({ media: 'screen' });

    // The day's archive lists the conversation, linked to its transcript.
    await sam.page.getByRole('link', { name: 'Archive' }).click();
    await sam.page.getByRole('heading', { level: 1, name: 'Archive' }).waitFor();
    await sam.page.getByLabel('Words').fill('look');
    await sam.page.getByLabel('Look in').selectOption('supporter');
    await sam.page.getByRole('button', { name: 'Show' }).click();
    await sam.page.getByText('1 transcript').waitFor();
    await sam.page.locator('.archive__snippet mark', { hasText: 'look' }).waitFor();
    expect(await audit(sam.page, 'the archive')).toEqual([]);
    if (SHOTS) await sam.page.screenshot({ path: `${SHOTS}/archive.png`, fullPage: true });
    await sam.page.getByRole('link', { name: 'Vera' }).click();
    await sam.page.getByRole('heading', { level: 1, name: /Vera/ }).waitFor();

    await ann.page.getByRole('link', { name: 'Reports' }).click();
    await ann.page.getByText('These are your own figures.').waitFor();
    expect(await ann.page.getByLabel('Supporter', { exact: true }).count()).toBe(0);
    expect(await audit(ann.page, "a supporter's own report")).toEqual([]);
  });

  it('shows a year on a phone in Danish without scrolling sideways', async () => {
    const { server, browser } = world;
    const sam = await openDesk(browser, server.url, 'Sam Super', { phone: true });
    await sam.page.context().addCookies([{ name: 'lineup_lang', value: 'da', url: server.url }]);
    await sam.page.goto(`${server.url}/reports?period=year`);
    await sam.page.getByRole('heading', { level: 1, name: 'Rapporter' }).waitFor();
    await sam.page.getByRole('img', { name: /Henvendelser pr. periode/ }).waitFor();
    expect(await sam.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await audit(sam.page, 'a year report in Danish, on a phone')).toEqual([]);
    if (SHOTS) await sam.page.screenshot({ path: `${SHOTS}/report-da-phone.png`, fullPage: true });
  });

  it('shows the forecast beside the shifts, and lets an admin set the retention and find a visitor, on a phone', async () => {
    const { server, browser } = world;
    const adam = await openDesk(browser, server.url, 'Adam Admin', { phone: true });
    await adam.page.goto(`${server.url}/forecast`);
    await adam.page.getByRole('heading', { level: 1, name: 'Forecast' }).waitFor();
    await adam.page.getByRole('img', { name: /Expected tickets, supporters needed/ }).waitFor();
    expect(await adam.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await audit(adam.page, 'the forecast, on a phone')).toEqual([]);
    if (SHOTS) await adam.page.screenshot({ path: `${SHOTS}/forecast-phone.png`, fullPage: true });

    await adam.page.goto(`${server.url}/admin/retention`);
    await adam.page.getByLabel('For a number of days').check();
    await adam.page.getByLabel('How many days or years').fill('14');
    await adam.page.getByRole('button', { name: 'Save retention' }).click();
    await adam.page.getByText('Retention saved.').waitFor();
    await adam.page.getByLabel('E-mail address').fill('nobody@example.com');
    await adam.page.getByRole('button', { name: 'Find' }).click();
    await adam.page.getByText('No conversations found').waitFor();
    expect(await adam.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await audit(adam.page, 'retention, on a phone')).toEqual([]);
    if (SHOTS) await adam.page.screenshot({ path: `${SHOTS}/retention-phone.png`, fullPage: true });
  });
});
