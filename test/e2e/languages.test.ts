import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser, person } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { addSupporters, claim, openDesk } from './desk-session.ts';
import { t } from '../../src/i18n/index.ts';
import { literally } from '../helpers/texts.ts';

/** "Your place in line: 3", whatever the number. */
const placeIn = (lang: 'ru' | 'da') => new RegExp(`${literally(t(lang, 'ticket.place'))} \\d+`);

describe.skipIf(!hasChromium())('languages on the visitor side, in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    await addSupporters(server.databasePath, [['Ann Admin', 'admin']]);
    browser = await launchBrowser();
  });
  afterAll(async () => { await browser?.close(); await server?.stop(); });

  it('greets a Russian browser in Russian, switches to Danish, and writes the next system line in Danish', async () => {
    // A phone whose browser prefers Russian (Accept-Language and navigator.language).
    const { context, page, errors } = await person(browser, { phone: true, locale: 'ru-RU' });

    await page.goto(server.url);
    await page.getByRole('heading', { name: t('ru', 'intake.heading') }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await page.getByLabel(t('ru', 'field.name')).fill('Вера');
    await page.getByLabel(t('ru', 'field.problem')).fill('Счёт показывает неверную сумму');
    if (process.env.LINEUP_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.LINEUP_SCREENSHOT_DIR}/i18n-intake-ru.png`, fullPage: true });
    await page.getByRole('button', { name: t('ru', 'intake.join') }).click();
    await page.getByText(placeIn('ru')).waitFor();
    await page.getByRole('button', { name: t('ru', 'ticket.stepAway') }).waitFor();

    // The switcher: Dansk. The page comes back in Danish, and so does its stream.
    await page.getByRole('button', { name: t('da', 'language.name') }).click();
    await page.getByText(placeIn('da')).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    await page.getByRole('button', { name: t('da', 'composer.send') }).waitFor();
    expect(await page.getByLabel(t('da', 'composer.label')).count()).toBe(1);

    const ann = await openDesk(browser, server.url, 'Ann Admin');
    await claim(ann, 'Вера');
    await page.getByText(t('da', 'system.joined', { name: 'Ann Admin' })).waitFor();
    await page.getByText(t('da', 'ticket.talkingWith', { name: 'Ann Admin' })).waitFor();
    if (process.env.LINEUP_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.LINEUP_SCREENSHOT_DIR}/i18n-ticket-da.png`, fullPage: true });
    // Ann reads the same line in her own language (her browser asks for English).
    await ann.page.getByText(t('en', 'system.joined', { name: 'Ann Admin' })).waitFor();
    expect(await ann.page.getByText(t('da', 'system.joined', { name: 'Ann Admin' })).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
    await ann.context.close();
  });
});
