import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from './axe.ts';
import { hasChromium, person } from './browser.ts';
import { tempDir } from '../helpers/app.ts';
import { portraitPng } from '../helpers/png.ts';
import { openDesk, serverAndBrowser } from './desk-session.ts';

const SHOTS = process.env.LINEUP_SCREENSHOT_DIR;

describe.skipIf(!hasChromium())('branding and notices in a real browser', () => {
  const world = serverAndBrowser([['Ann Admin', 'admin']]);

  it('an admin names the team, sets a colour, a logo and notices; a visitor on a phone sees them, in light and dark colours', async () => {
    const ann = await openDesk(world.browser, world.server.url, 'Ann Admin');
    await ann.page.getByRole('link', { name: 'Branding' }).click();
    await ann.page.getByLabel('Team name').fill('Acme Help');
    await ann.page.getByLabel('Accent colour').fill('#ffcc00');
    await ann.page.getByRole('button', { name: 'Save' }).click();
    await ann.page.getByText('#ffcc00 is too light: its contrast is 1.4:1').waitFor();
    await ann.page.getByLabel('Accent colour').fill('#1d4ed8');
    await ann.page.locator('#brand-info_en').fill('Orders ship **within one working day**. Track yours under *My orders*.');
    await ann.page.locator('#brand-status_en').fill('Card payments are slow this morning; we are on it.');
    await ann.page.getByRole('button', { name: 'Save' }).click();
    await ann.page.getByText('Saved. Visitors see it on their next page.').waitFor();
    const logo = path.join(tempDir(), 'logo.png');
    fs.writeFileSync(logo, portraitPng(96, [29, 78, 216]));
    await ann.page.getByLabel('New logo').setInputFiles(logo);
    await ann.page.getByRole('button', { name: 'Upload logo' }).click();
    await ann.page.getByText('The new logo is in place.').waitFor();
    const problems = await audit(ann.page, 'branding page');

    const vera = await person(world.browser, { phone: true });
    await vera.page.goto(world.server.url);
    await vera.page.getByRole('region', { name: 'Information from the team' }).getByText('within one working day').waitFor();
    await vera.page.getByRole('region', { name: 'Service status' }).getByText('Card payments are slow').waitFor();
    expect(await vera.page.title()).toBe('Get help · Acme Help');
    expect(await vera.page.locator('header.brand img.brand__logo').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(96);
    const join = vera.page.getByRole('button', { name: /Join the line|Leave a message|Send/ }).first();
    expect(await join.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(29, 78, 216)');
    problems.push(...await audit(vera.page, 'branded intake'));
    if (SHOTS) await vera.page.screenshot({ path: `${SHOTS}/branded-intake-phone.png`, fullPage: true });
    // Dark colours keep Lineup's own accent, made for a dark page.
    await vera.page.emulateMedia({ colorScheme: 'dark' });
    expect(await join.evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(127, 191, 169)');
    problems.push(...await audit(vera.page, 'branded intake, dark'));

    expect(problems).toEqual([]);
    expect([...ann.errors, ...vera.errors]).toEqual([]);
  });
});
