import path from 'node:path';
import { describe, it } from 'vitest';
import { hasChromium, person } from './browser.ts';
import { claim, emailOf, joinLine, openDesk, PASSWORD, serverAndBrowser } from './desk-session.ts';
import { Agent, overHttp } from '../helpers/app.ts';
import { portraitPng } from '../helpers/png.ts';

/** Gives a supporter a (drawn) photo through the account page's own request. */
async function givePhoto(url: string, name: string, rgb: [number, number, number]) {
  const agent = new Agent(overHttp(url));
  await agent.post('/login', { email: emailOf(name), password: PASSWORD });
  const form = new FormData();
  form.append('file', new File([portraitPng(128, rgb)], 'photo.png', { type: 'image/png' }));
  await agent.request('/account/photo', { method: 'POST', body: form, headers: { 'HX-Request': 'true', 'X-CSRF-Token': agent.csrf } });
}

// Not a check: draws the README's screenshots from a real run with ordinary content.
// LINEUP_README_SHOTS=1 npx vitest run --config test/vitest.config.ts test/e2e/readme-shots.test.ts
const OUT = path.resolve(import.meta.dirname, '../../public/img');

describe.skipIf(!hasChromium() || !process.env.LINEUP_README_SHOTS)('README screenshots', () => {
  const world = serverAndBrowser([['Ann Larsen', 'admin'], ['Boris Petrov', 'supporter']]);

  it('draws the desk (desktop and phone) and the visitor page on a phone', async () => {
    const { browser, server } = world;
    await givePhoto(server.url, 'Ann Larsen', [150, 70, 60]);
    await givePhoto(server.url, 'Boris Petrov', [50, 80, 140]);
    const ann = await openDesk(browser, server.url, 'Ann Larsen');
    const vera = await joinLine(browser, server.url, 'Vera Holm', 'My invoice for order 4711 shows the wrong total.', { phone: true });
    await joinLine(browser, server.url, 'Walt Berg', "I can't sign in since I changed my e-mail address.");
    const karl = await joinLine(browser, server.url, 'Karl Dahl', 'Do you ship to Norway?');
    await karl.page.getByRole('link', { name: 'New request' }).click();
    await karl.page.getByLabel('Name').fill('Karl Dahl');
    await karl.page.getByLabel('Describe your problem').fill('And can I pay by invoice?');
    await karl.page.getByRole('button', { name: 'Join the line' }).click();
    await karl.page.waitForURL(/\/t\//);
    await joinLine(browser, server.url, 'Mia Sørensen', 'The discount code SPRING does not work at checkout.');

    await claim(ann, 'Vera Holm');
    const panel = ann.page.locator('[role="tabpanel"]:not([hidden])');
    await vera.page.getByLabel('Message').fill('It says 129.00 € but the cart said 116.10 €.');
    await vera.page.getByLabel('Message').press('Enter');
    await panel.getByText('It says 129.00 €').waitFor();
    await panel.getByLabel('Message').fill("**Found it**: the spring discount was not applied.\n- A corrected invoice is on its way to you\n- The 12.90 € difference is refunded by Friday");
    await panel.getByLabel('Message').press('Enter');
    await vera.page.getByText('Found it').waitFor();
    await vera.page.getByLabel('Message').fill('Thank you, that was quick!');
    await vera.page.getByLabel('Message').press('Enter');
    await panel.getByText('Thank you, that was quick!').waitFor();
    await ann.page.locator('#desk-notice:empty').waitFor({ state: 'attached', timeout: 15_000 }).catch(() => {});
    await ann.page.screenshot({ path: path.join(OUT, 'desk.png') });

    const boris = await person(browser, { phone: true });
    await boris.page.goto(`${server.url}/login`);
    await boris.page.getByLabel('E-mail').fill(emailOf('Boris Petrov'));
    await boris.page.getByLabel('Password').fill(PASSWORD);
    await boris.page.getByRole('button', { name: 'Sign in' }).click();
    await boris.page.locator('#line-list .line-row').first().waitFor();
    await boris.page.screenshot({ path: path.join(OUT, 'desk-phone.png') });

    await vera.page.getByText('Thank you, that was quick!').waitFor();
    await vera.page.locator('body').click({ position: { x: 5, y: 5 } });
    await vera.page.evaluate(() => window.scrollTo(0, 0));
    await vera.page.screenshot({ path: path.join(OUT, 'visitor-phone.png') });
  }, 120_000);
});
