import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchBrowser, person, recordSends } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';

const VISITOR = '<b>Vera</b>';
const HOSTILE_BODY = '<img src=x onerror=alert(1)> Careful with that.';

/** Adds a reply with the form on /canned and waits for the list to show it. */
async function addReply(page: Page, name: string, text: string, shared: boolean) {
  const form = page.getByRole('region', { name: 'Add a reply' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Text').fill(text);
  if (shared) await form.getByLabel('Shared with the team').check();
  await form.getByRole('button', { name: 'Add reply' }).click();
  await page.getByRole('status').filter({ hasText: 'Reply added.' }).waitFor();
  await page.getByRole('region', { name: /Shared with the team/ }).locator('.canned-reply__name', { hasText: `/${name}` }).waitFor();
}

describe.skipIf(!hasChromium())('canned replies in a real browser', () => {
  let server: RunningServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('inserts a shared reply filled in for the visitor, for editing before it is sent, and keeps hostile text as text', async () => {
    const url = server.url;
    // --- the first admin sets up a shared reply on /canned ---
    const ann = await person(browser);
    await ann.page.goto(`${url}/desk`);
    await ann.page.waitForURL(`${url}/setup`);
    await ann.page.getByLabel('Name').fill('Ann Admin');
    await ann.page.getByLabel('E-mail').fill('ann@example.com');
    await ann.page.getByLabel('Password').fill('ann-password-1');
    await ann.page.getByRole('button', { name: 'Create admin account' }).click();
    await ann.page.waitForURL(`${url}/desk`);
    await ann.page.getByRole('link', { name: 'Canned replies' }).click();
    await ann.page.getByRole('heading', { name: 'Canned replies' }).waitFor();

    // A hostile name is refused beside the field, and nothing is added.
    const addForm = ann.page.getByRole('region', { name: 'Add a reply' });
    await addForm.getByLabel('Name').fill('<script>x</script>');
    await addForm.getByLabel('Text').fill('Anything');
    await addForm.getByRole('button', { name: 'Add reply' }).click();
    await addForm.getByText('Name can only use letters a to z, digits, - and _ (no spaces).').waitFor();
    expect(await addForm.getByLabel('Name').getAttribute('aria-invalid')).toBe('true');
    await ann.page.getByText('There are no shared replies yet.').waitFor();

    await addReply(ann.page, 'greeting', 'Hello {visitor.name}, I am {supporter.name}.', true);
    await addReply(ann.page, 'careful', HOSTILE_BODY, true);
    // The hostile text shows as text on the page.
    await ann.page.locator('.canned-reply__body', { hasText: HOSTILE_BODY }).waitFor();
    expect(await ann.page.locator('#main img').count()).toBe(0);

    // --- a visitor with a hostile name joins; Ann claims ---
    const vera = await person(browser, { phone: true });
    await vera.page.goto(url);
    await vera.page.getByLabel('Name').fill(VISITOR);
    await vera.page.getByLabel('Describe your problem').fill('My invoice is wrong');
    await vera.page.getByRole('button', { name: 'Join the line' }).click();
    await vera.page.getByText('Your place in line: 1').waitFor();

    await ann.page.getByRole('link', { name: 'Desk' }).click();
    await ann.page.locator('#line-list .line-row', { hasText: VISITOR }).getByRole('button', { name: 'Claim' }).click();
    await ann.page.getByRole('tab', { name: VISITOR }).waitFor();
    const panel = ann.page.locator('[role="tabpanel"]:not([hidden])');
    const box = panel.getByLabel('Message');
    await recordSends(ann.page);
    const messagesBefore = await panel.locator('.msg__body').count();

    // --- "/gre" offers the greeting; Enter inserts it, filled in, and sends nothing ---
    await box.click();
    await box.pressSequentially('/gre');
    const greeting = ann.page.getByRole('option', { name: /\/greeting/ });
    await greeting.waitFor();
    // A textbox that has a list: no aria-expanded on it (not allowed on a textbox; axe calls it critical).
    expect(await box.getAttribute('aria-haspopup')).toBe('listbox');
    expect(await box.getAttribute('aria-expanded')).toBeNull();
    expect(await box.getAttribute('aria-activedescendant')).toBe(await greeting.getAttribute('id'));
    expect(await greeting.getAttribute('aria-selected')).toBe('true');
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe('Hello <b>Vera</b>, I am Ann Admin.');
    await expect.poll(() => box.getAttribute('data-list-open')).toBeNull();
    expect(await ann.page.getByRole('listbox').count()).toBe(0);
    // The caret sits after the inserted text and the box keeps the focus, ready to edit.
    expect(await box.evaluate((el: HTMLTextAreaElement) => [document.activeElement === el, el.selectionStart === el.value.length])).toEqual([true, true]);
    await ann.page.waitForTimeout(300);
    expect(await ann.page.evaluate(() => (window as unknown as { __sentAt?: number }).__sentAt)).toBeUndefined();
    expect(await panel.locator('.msg__body').count()).toBe(messagesBefore);

    // --- edited, then sent with Enter; the visitor sees it as text ---
    await box.press('End');
    await box.pressSequentially(' How can I help?');
    await box.press('Enter');
    const sent = 'Hello <b>Vera</b>, I am Ann Admin. How can I help?';
    await vera.page.locator('#log .msg__body', { hasText: sent }).waitFor();
    expect(await vera.page.locator('#log b').count()).toBe(0);
    await expect.poll(() => box.inputValue()).toBe('');

    // --- a hostile reply text shows as text in the list: no image, no dialog ---
    await box.pressSequentially('Note: /care');
    const careful = ann.page.getByRole('option', { name: /\/careful/ });
    await careful.waitFor();
    expect(await careful.textContent()).toContain(HOSTILE_BODY);
    expect(await ann.page.locator('.canned-popup img, #main img').count()).toBe(0);
    // A click chooses too; only the "/care" token is replaced.
    await careful.click();
    await expect.poll(() => box.inputValue()).toBe(`Note: ${HOSTILE_BODY}`);
    await box.fill('');

    // --- keyboard: ArrowDown and ArrowUp move, Escape closes and the next Enter sends as typed ---
    await box.pressSequentially('/');
    const options = ann.page.getByRole('listbox', { name: 'Canned replies' }).getByRole('option');
    await expect.poll(() => options.count()).toBe(2);
    const selected = () => ann.page.locator('[role="option"][aria-selected="true"]').textContent();
    await expect.poll(selected).toContain('/careful');
    await box.press('ArrowDown');
    await expect.poll(selected).toContain('/greeting');
    expect(await box.getAttribute('aria-activedescendant')).toBe(await greeting.getAttribute('id'));
    await box.press('ArrowDown');
    await expect.poll(selected).toContain('/careful');
    await box.press('ArrowUp');
    await expect.poll(selected).toContain('/greeting');
    await box.press('Escape');
    await expect.poll(() => box.getAttribute('data-list-open')).toBeNull();
    expect(await ann.page.getByRole('listbox').count()).toBe(0);
    expect(await box.inputValue()).toBe('/');
    // Typing on after Escape keeps the list away for this "/".
    await box.pressSequentially('g');
    await ann.page.waitForTimeout(400);
    expect(await ann.page.getByRole('listbox').count()).toBe(0);
    // A "/" inside a word (a path, a date) offers nothing.
    await box.fill('');
    await box.pressSequentially('and/gre');
    await ann.page.waitForTimeout(400);
    expect(await ann.page.getByRole('listbox').count()).toBe(0);
    // Nothing matching: no list; a new "/" token after a space is offered again.
    await box.pressSequentially(' /zzz');
    await ann.page.waitForTimeout(400);
    expect(await ann.page.getByRole('listbox').count()).toBe(0);
    await box.press('Backspace');
    await box.press('Backspace');
    await box.press('Backspace');
    await ann.page.getByRole('option', { name: /\/careful/ }).waitFor();
    // Tab chooses as well.
    await box.press('Tab');
    await expect.poll(() => box.inputValue()).toBe(`and/gre ${HOSTILE_BODY}`);
    await expect.poll(() => ann.page.evaluate(() => document.activeElement?.id)).toMatch(/^body-\d+$/);

    expect(ann.errors).toEqual([]);
    expect(vera.errors).toEqual([]);
  }, 90_000);
});

