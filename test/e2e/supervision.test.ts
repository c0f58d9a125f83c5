import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { hasChromium } from './browser.ts';
import { audit } from './axe.ts';
import { joinLine, openDesk, serverAndBrowser } from './desk-session.ts';

// Set LINEUP_SCREENSHOT_DIR to keep pictures of a late ticket and a complaint for a look.
const SHOTS = process.env.LINEUP_SCREENSHOT_DIR;

/** Supervision in real browsers: service norms on the desk, and a visitor's complaint. */
describe.skipIf(!hasChromium())('supervision, in real browsers', () => {
  const world = serverAndBrowser([['Sam Super', 'supervisor'], ['Ann Archer', 'supporter'], ['Adam Admin', 'admin']]);

  // The browser's clock is the test's (the server's is real): the row turns by itself.
  it('turns a waiting row amber near its claim deadline and red past it, live', async () => {
    const { server, browser } = world;
    const sam = await openDesk(browser, server.url, 'Sam Super');
    await sam.page.clock.install();
    await sam.page.reload();
    await sam.page.locator('#line').waitFor();
    await joinLine(browser, server.url, 'Vera', 'The export crashes');
    const row = sam.page.locator('#line-list .line-row', { hasText: 'Vera' });
    const sla = row.locator('.sla');
    await row.waitFor();
    expect(await sla.textContent()).toBe('');

    await sam.page.clock.fastForward('04:30');
    await row.locator('.sla--near', { hasText: 'due now' }).waitFor();
    await sam.page.clock.fastForward('01:00');
    await row.locator('.sla--late', { hasText: 'late' }).waitFor();
    await sam.page.clock.fastForward('02:00');
    await row.locator('.sla--late', { hasText: '2 min late' }).waitFor();
    expect(await audit(sam.page, 'a late ticket')).toEqual([]);
    if (SHOTS) await sam.page.screenshot({ path: `${SHOTS}/norm-late.png` });
  });

  it("takes a visitor's complaint from their phone to the supervisor's desk, live, where it is taken and resolved", async () => {
    const { server, browser } = world;
    const sam = await openDesk(browser, server.url, 'Sam Super');
    const wendy = await joinLine(browser, server.url, 'Wendy', 'Nobody answers', { phone: true });
    await wendy.page.getByText('Complain about this conversation').click();
    await wendy.page.getByLabel('What went wrong?').fill('I waited for half an hour');
    expect(await audit(wendy.page, 'the complaint form')).toEqual([]);
    await wendy.page.getByRole('button', { name: 'Send the complaint' }).click();
    await wendy.page.getByText("Thank you. Your complaint is with the team's supervisors.").waitFor();
    if (SHOTS) await wendy.page.screenshot({ path: `${SHOTS}/complaint-sent.png`, fullPage: true });

    const item = sam.page.locator('#complaints li', { hasText: 'I waited for half an hour' });
    await item.waitFor();
    await item.getByRole('button', { name: "Take Wendy's complaint" }).click();
    await sam.page.getByText("You took Wendy's complaint.").waitFor();
    await sam.page.locator('#complaints li', { hasText: 'taken by Sam Super' }).waitFor();
    expect(await audit(sam.page, 'a complaint taken')).toEqual([]);
    if (SHOTS) await sam.page.screenshot({ path: `${SHOTS}/complaint-desk.png` });
    await sam.page.getByRole('button', { name: "Resolve Wendy's complaint" }).click();
    await sam.page.getByText('No complaints to handle.').waitFor();
  });

  it('turns the dashboard red, live, when a ticket waits past its claim norm', async () => {
    const { server, browser } = world;
    const sam = await openDesk(browser, server.url, 'Sam Super');
    await sam.page.getByRole('link', { name: 'Dashboard' }).click();
    await sam.page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const breaches = sam.page.locator('.dashboard__tile', { hasText: 'norms broken' });
    await breaches.waitFor();
    expect(await breaches.getAttribute('class')).not.toContain('dashboard__tile--late');
    await joinLine(browser, server.url, 'Xenia', 'Still waiting');
    await sam.page.locator('#dash-lines-heading').waitFor();
    expect(await audit(sam.page, 'the dashboard')).toEqual([]);
    if (SHOTS) await sam.page.screenshot({ path: `${SHOTS}/dashboard.png`, fullPage: true });
    // As if five minutes had passed: Xenia's claim deadline is now behind her. The server's norm
    // timer looks at least every 30 s and records the breach; the dashboard redraws by itself.
    const db = new Database(server.databasePath);
    db.prepare("UPDATE tickets SET sla_deadline = ?, sla_due_at = ? WHERE visitor_name = 'Xenia'").run(Date.now() - 1000, Date.now() - 1000);
    db.close();
    await sam.page.locator('.dashboard__tile--late', { hasText: 'norms broken' }).waitFor({ timeout: 45_000 });
    expect(await breaches.locator('.dashboard__figure').textContent()).toBe('1');
  }, 60_000);

  it("alerts a group's own supporters on their desks when the group asks for it", async () => {
    const { server, browser } = world;
    const db = new Database(server.databasePath);
    db.prepare('UPDATE groups SET sla_alert_members = 1 WHERE id = 1').run();
    db.close();
    const ann = await openDesk(browser, server.url, 'Ann Archer');
    await ann.page.locator('#breaches').waitFor();
    await joinLine(browser, server.url, 'Yuri', 'Nobody came');
    await ann.page.locator('#line-list .line-row', { hasText: 'Yuri' }).waitFor();
    const late = new Database(server.databasePath);
    late.prepare("UPDATE tickets SET sla_deadline = ?, sla_due_at = ? WHERE visitor_name = 'Yuri'").run(Date.now() - 1000, Date.now() - 1000);
    late.close();
    await ann.page.locator('#breaches li', { hasText: 'Yuri' }).waitFor({ timeout: 45_000 });
    expect(await audit(ann.page, "a supporter's desk with the group's broken norms")).toEqual([]);
    if (SHOTS) await ann.page.screenshot({ path: `${SHOTS}/group-breach-desk.png` });
    const off = new Database(server.databasePath);
    off.prepare('UPDATE groups SET sla_alert_members = 0 WHERE id = 1').run();
    off.close();
  }, 60_000);

  it('shows the dashboard on a phone in Russian, and the norms on the groups page in Danish', async () => {
    const { server, browser } = world;
    const sam = await openDesk(browser, server.url, 'Sam Super', { phone: true });
    await sam.page.context().addCookies([{ name: 'lineup_lang', value: 'ru', url: server.url }]);
    // Two minutes of today's load, as the server's sampler writes them once a minute.
    const db = new Database(server.databasePath);
    const minute = Date.now() - (Date.now() % 60_000);
    db.prepare('INSERT OR REPLACE INTO load_samples (minute, waiting, available) VALUES (?, 3, 1), (?, 1, 2)').run(minute - 120_000, minute - 60_000);
    db.close();
    await sam.page.goto(`${server.url}/dashboard`);
    await sam.page.getByRole('img', { name: /Ожидающие обращения и свободные сотрудники/ }).waitFor();
    await sam.page.getByRole('heading', { level: 1, name: 'Панель' }).waitFor();
    expect(await sam.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await audit(sam.page, 'the dashboard in Russian, on a phone')).toEqual([]);
    if (SHOTS) await sam.page.screenshot({ path: `${SHOTS}/dashboard-ru-phone.png`, fullPage: true });

    const adam = await openDesk(browser, server.url, 'Adam Admin', { phone: true });
    await adam.page.context().addCookies([{ name: 'lineup_lang', value: 'da', url: server.url }]);
    await adam.page.goto(`${server.url}/admin/groups/1`);
    await adam.page.getByLabel('Tages inden for (minutter)').waitFor();
    expect(await adam.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await audit(adam.page, 'a group with offers and norms in Danish, on a phone')).toEqual([]);
    if (SHOTS) await adam.page.screenshot({ path: `${SHOTS}/group-da-phone.png`, fullPage: true });
  });
});
