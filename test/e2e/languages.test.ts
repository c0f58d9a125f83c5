import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { hasChromium, launchBrowser, person } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { addSupporters, claim, openDesk } from './desk-session.ts';

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
    await page.getByRole('heading', { name: 'Чем мы можем помочь?' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    await page.getByLabel('Имя').fill('Вера');
    await page.getByLabel('Опишите вашу проблему').fill('Счёт показывает неверную сумму');
    if (process.env.LINEUP_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.LINEUP_SCREENSHOT_DIR}/i18n-intake-ru.png`, fullPage: true });
    await page.getByRole('button', { name: 'Встать в очередь' }).click();
    await page.getByText(/Ваше место в очереди: \d+/).waitFor();
    await page.getByRole('button', { name: 'Отойти' }).waitFor();

    // The switcher: Dansk. The page comes back in Danish, and so does its stream.
    await page.getByRole('button', { name: 'Dansk' }).click();
    await page.getByText(/Din plads i køen: \d+/).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('da');
    await page.getByRole('button', { name: 'Send' }).waitFor();
    expect(await page.getByLabel('Besked').count()).toBe(1);

    const ann = await openDesk(browser, server.url, 'Ann Admin');
    await claim(ann, 'Вера');
    await page.getByText('Ann Admin deltager nu i chatten.').waitFor();
    await page.getByText('Du taler med Ann Admin.').waitFor();
    if (process.env.LINEUP_SCREENSHOT_DIR) await page.screenshot({ path: `${process.env.LINEUP_SCREENSHOT_DIR}/i18n-ticket-da.png`, fullPage: true });
    // Ann reads the same line in her own language (her browser asks for English).
    await ann.page.getByText('Ann Admin joined the chat.').waitFor();
    expect(await ann.page.getByText('Ann Admin deltager nu i chatten.').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
    await ann.context.close();
  });
});
