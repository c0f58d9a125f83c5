import { describe, expect, it } from 'vitest';
import { hasChromium } from './browser.ts';
import { claim, joinLine, openDesk, PASSWORD, serverAndBrowser } from './desk-session.ts';

// The server's log of a whole browser run, searched for every secret the run used: tokens,
// passwords, cookies, what people wrote. A log line names a ticket's route (/t/:token), never its key.
describe.skipIf(!hasChromium())('the log of a real run', () => {
  const world = serverAndBrowser([['Ann Admin', 'admin']]);

  it('holds a line per request and per notable event, and none of the run\'s secrets', async () => {
    const ann = await openDesk(world.browser, world.server.url, 'Ann Admin');
    const vera = await joinLine(world.browser, world.server.url, 'Vera Secretname', 'My card number ends in Q7Z4242 and the order is 77-31');
    await vera.page.getByLabel('Message').fill('my private detail: passport X1234567');
    await vera.page.getByLabel('Message').press('Enter');
    await claim(ann, 'Vera Secretname');
    const panel = ann.page.locator('[role="tabpanel"]:not([hidden])');
    await panel.getByLabel('Message').fill('a reply with a secret: coupon ZXQ-991');
    await panel.getByLabel('Message').press('Enter');
    await vera.page.getByText('a reply with a secret: coupon ZXQ-991').waitFor();
    await ann.page.goto(`${world.server.url}/account`);
    await ann.page.getByLabel('Current password').fill(PASSWORD);
    await ann.page.getByLabel('New password', { exact: true }).fill('a brand new password 5150');
    await ann.page.getByLabel('New password again').fill('a brand new password 5150');
    await ann.page.getByRole('button', { name: 'Change password' }).click();
    await ann.page.getByText('Your password is changed.').waitFor();
    await ann.page.goto(`${world.server.url}/search?q=passport`);

    const token = new URL(vera.page.url()).pathname.split('/')[2]!;
    const cookies = [...await ann.context.cookies(), ...await vera.context.cookies()].map((cookie) => cookie.value).filter((value) => value.length >= 16);
    // Each secret is long and odd enough never to turn up by chance (in a request id, a time, a port).
    const secrets = [token, PASSWORD, 'a brand new password 5150', 'Secretname', 'Q7Z4242', 'passport', 'X1234567', 'ZXQ-991', ...cookies];
    expect(cookies.length).toBeGreaterThanOrEqual(4);

    const lines = world.server.output().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, any>);
    expect(lines.filter((line) => line.msg === 'request').length).toBeGreaterThan(20);
    expect(lines.some((line) => line.msg === 'request' && line.req.path === '/t/:token/messages' && line.status < 300)).toBe(true);
    expect(lines.some((line) => line.msg === 'event' && line.event.type === 'ticket.claimed')).toBe(true);
    expect(lines.some((line) => line.msg === 'signed in')).toBe(true);
    const output = world.server.output();
    for (const secret of secrets) expect(output.includes(secret), `the log holds ${secret.slice(0, 6)}…`).toBe(false);
  }, 60_000);
});
