import { generateSync } from 'otplib';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { audit } from './axe.ts';
import { hasChromium } from './browser.ts';
import { emailOf, openDesk, PASSWORD, serverAndBrowser } from './desk-session.ts';

const SHOTS = process.env.LINEUP_SCREENSHOT_DIR;

/** The secret shown in words beside the QR code, as the app would take it. */
async function shownSecret(page: Page): Promise<string> {
  return (await page.locator('.enrol__secret').innerText()).replaceAll(' ', '');
}

describe.skipIf(!hasChromium())('two-factor sign-in in a real browser', () => {
  const world = serverAndBrowser([['Ann Admin', 'admin'], ['Bob Berg', 'supporter']]);

  it('an admin sets it up on a phone, signs in with a code, and requires it: a colleague sets it up at sign-in', async () => {
    const ann = await openDesk(world.browser, world.server.url, 'Ann Admin', { phone: true });
    await ann.page.goto(`${world.server.url}/account`);
    await ann.page.getByRole('button', { name: 'Set up two-factor sign-in' }).click();
    await ann.page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const problems = await audit(ann.page, 'account: setting up two-factor');
    if (SHOTS) await ann.page.screenshot({ path: `${SHOTS}/two-factor-setup-phone.png`, fullPage: true });
    const secret = await shownSecret(ann.page);
    await ann.page.getByLabel('The 6-digit code the app shows').fill(generateSync({ secret }));
    await ann.page.getByRole('button', { name: 'Turn on' }).click();
    await ann.page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    expect(await ann.page.locator('.recovery__codes li').count()).toBe(10);
    problems.push(...await audit(ann.page, 'account: recovery codes'));

    // Signed out and in again: the password, then a code.
    await ann.context.clearCookies();
    await ann.page.goto(`${world.server.url}/login`);
    await ann.page.getByLabel('E-mail').fill(emailOf('Ann Admin'));
    await ann.page.getByLabel('Password').fill(PASSWORD);
    await ann.page.getByRole('button', { name: 'Sign in' }).click();
    await ann.page.getByRole('heading', { name: 'Enter your sign-in code' }).waitFor();
    problems.push(...await audit(ann.page, 'second step'));
    // The code of the next 30 seconds: the one used to turn it on is spent.
    await ann.page.getByLabel('Code from your authenticator app, or a recovery code').fill(generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
    await ann.page.getByRole('button', { name: 'Sign in' }).click();
    await ann.page.waitForURL(/\/desk/);

    // Ann requires it for everyone; Bob, signed in without it, is out, and sets it up at his next sign-in.
    const bob = await openDesk(world.browser, world.server.url, 'Bob Berg');
    await ann.page.goto(`${world.server.url}/admin/supporters`);
    await ann.page.getByLabel('Require two-factor sign-in for everyone').check();
    await ann.page.locator('form[action="/admin/two-factor"]').getByRole('button', { name: 'Save' }).click();
    await ann.page.getByText('Two-factor sign-in is now required for everyone; 1 session without it ended.').waitFor();
    await bob.page.reload();
    await bob.page.waitForURL(/\/login$/);
    await bob.page.getByLabel('E-mail').fill(emailOf('Bob Berg'));
    await bob.page.getByLabel('Password').fill(PASSWORD);
    await bob.page.getByRole('button', { name: 'Sign in' }).click();
    await bob.page.getByRole('heading', { name: 'Set up two-factor sign-in' }).waitFor();
    problems.push(...await audit(bob.page, 'required set-up at sign-in'));
    const bobSecret = await shownSecret(bob.page);
    await bob.page.getByLabel('The 6-digit code the app shows').fill(generateSync({ secret: bobSecret }));
    await bob.page.getByRole('button', { name: 'Turn on' }).click();
    await bob.page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
    await bob.page.getByRole('link', { name: 'Continue to the desk' }).click();
    await bob.page.waitForURL(/\/desk/);

    expect(problems).toEqual([]);
    expect([...ann.errors, ...bob.errors]).toEqual([]);
  });
});
