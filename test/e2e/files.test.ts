import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { BROWSER_ARGS, CHROMIUM, hasChromium } from './browser.ts';
import { startServer, type RunningServer } from '../helpers/server.ts';
import { addSupporters, claim, joinLine, openDesk } from './desk-session.ts';

const SHOTS = process.env.LINEUP_SCREENSHOT_DIR;
const HOSTILE = '<img src=x onerror=alert(1)>.txt';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

/** A picture that has really loaded (not a broken image). */
async function loaded(img: Locator) {
  await img.waitFor();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0)).toBe(true);
}

/** A real PNG of part of a page, to send as a photo. */
const photoOf = (page: Page, x: number) => page.screenshot({ clip: { x, y: 0, width: 320, height: 200 } });

describe.skipIf(!hasChromium())('files and links in a conversation, in real browsers', () => {
  let server: RunningServer;
  let browser: Browser;
  beforeAll(async () => {
    server = await startServer();
    await addSupporters(server.databasePath, [['Ann Admin', 'admin']]);
    // A fake screen to capture, shared without asking: "Share a screenshot" works headless.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true,
      args: [...BROWSER_ARGS, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', '--auto-select-desktop-capture-source=Entire screen'] });
  });
  afterAll(async () => { await browser?.close(); await server?.stop(); });

  it('sends pictures, a PDF, a pasted screenshot and a link both ways; a hostile file name stays text', async () => {
    const ann = await openDesk(browser, server.url, 'Ann Admin');
    const vera = await joinLine(browser, server.url, 'Vera', 'The invoice total is wrong', { phone: true });
    await claim(ann, 'Vera');
    const panel = ann.page.locator('[role="tabpanel"]:not([hidden])');

    // --- the visitor attaches a photo and a PDF ---
    const photo = await photoOf(ann.page, 0);
    await vera.page.getByLabel('Attach a file').setInputFiles({ name: 'my screen.png', mimeType: 'image/png', buffer: photo });
    await vera.page.getByText('Sent my screen.png.').waitFor();
    await loaded(vera.page.locator('#log img.file__thumb[alt="my screen.png"]'));
    await vera.page.getByLabel('Attach a file').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: PDF });

    // --- the supporter sees the thumbnail and a download link ---
    const thumb = panel.locator('.msg--visitor img.file__thumb[alt="my screen.png"]');
    await loaded(thumb);
    expect(await thumb.evaluate((el: HTMLImageElement) => new URL(el.src).pathname)).toMatch(/^\/desk\/files\/\d+$/);
    const download = panel.getByRole('link', { name: /invoice\.pdf/ });
    await download.waitFor();
    const pdf = await ann.page.request.get(server.url + (await download.getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/octet-stream');
    expect(pdf.headers()['content-disposition']).toMatch(/^attachment; /);
    expect(Buffer.from(await pdf.body())).toEqual(PDF);
    // The visitor's own page links the same files under its own address.
    const veraLink = vera.page.getByRole('link', { name: /invoice\.pdf/ });
    expect(await veraLink.getAttribute('href')).toMatch(/^\/t\/[A-Za-z0-9_-]+\/files\/\d+$/);

    // --- the supporter answers with a link, which the visitor can follow in a new tab ---
    await panel.getByLabel('Message').fill('Here is how: https://help.example/invoices?id=7. Or mail billing: mailto:billing@example.com');
    await panel.getByRole('button', { name: 'Send' }).click();
    const link = vera.page.locator('#log .msg__body a', { hasText: 'https://help.example/invoices?id=7' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe('https://help.example/invoices?id=7');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect((await link.getAttribute('rel'))!.split(' ')).toContain('noopener');
    expect(await vera.page.locator('#log .msg__body a[href="mailto:billing@example.com"]').count()).toBe(1);
    // Ann's own copy of the message is linked the same way.
    await panel.locator('.msg__body a[href="https://help.example/invoices?id=7"]').waitFor();

    // --- a picture pasted into the message box is sent as a file ---
    const pasted = (await photoOf(ann.page, 320)).toString('base64');
    await vera.page.getByLabel('Message').evaluate((box, data) => {
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      const transfer = new DataTransfer();
      transfer.items.add(new File([bytes], 'image.png', { type: 'image/png' }));
      box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
    }, pasted);
    await loaded(panel.locator('img.file__thumb[alt="image.png"]'));
    expect(await vera.page.getByLabel('Message').inputValue()).toBe('');

    // --- one click shares a screenshot (one frame of the shared screen, as a PNG) ---
    await vera.page.getByRole('button', { name: 'Share a screenshot' }).click();
    await loaded(panel.locator('img.file__thumb[alt^="screenshot-"]'));

    // --- a hostile file name is shown as text, and its content is only ever a download ---
    await vera.page.getByLabel('Attach a file').setInputFiles({ name: HOSTILE, mimeType: 'text/html', buffer: Buffer.from('<script>alert(1)</script>') });
    const hostile = panel.locator('.file--download .file__name', { hasText: HOSTILE });
    await hostile.waitFor();
    expect(await hostile.textContent()).toBe(HOSTILE);
    await vera.page.locator('#log .file__name', { hasText: HOSTILE }).waitFor();
    expect(await vera.page.locator('#log img:not(.file__thumb)').count()).toBe(0);
    expect(await panel.locator('img:not(.file__thumb)').count()).toBe(0);

    // --- a file over the limit is refused beside the form, before it is sent ---
    await vera.page.getByLabel('Attach a file').setInputFiles({ name: 'huge.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(10 * 1024 * 1024 + 1) });
    await vera.page.getByText('huge.bin is too large: a file can be at most 10 MiB.').waitFor();

    if (SHOTS) {
      await ann.page.screenshot({ path: `${SHOTS}/desk-files.png` });
      await vera.page.screenshot({ path: `${SHOTS}/visitor-files.png`, fullPage: true });
    }
    // Reloaded, both pages show the same files.
    await vera.page.reload();
    await loaded(vera.page.locator('#log img.file__thumb[alt="image.png"]'));
    await ann.page.reload();
    await loaded(ann.page.locator('[role="tabpanel"]:not([hidden]) img.file__thumb[alt="my screen.png"]'));
    for (const who of [ann, vera]) expect(who.errors).toEqual([]);
  });
});
