import type { Page } from 'playwright-core';

/** Pretends the browser tab went to the background (or came back), as the page sees it. */
export async function setHidden(page: Page, hidden: boolean) {
  await page.evaluate((isHidden) => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => isHidden });
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (isHidden ? 'hidden' : 'visible') });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

/** Records desktop notifications the page shows (the real API still runs underneath). */
export const RECORD_NOTIFICATIONS = () => {
  const Real = window.Notification;
  const shown: Array<{ title: string; body: string }> = [];
  (window as unknown as { __notes: typeof shown }).__notes = shown;
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) { super(title, options); shown.push({ title, body: options?.body ?? '' }); }
  }
  Object.defineProperty(window, 'Notification', { configurable: true, value: Recorded });
};
export const notes = (page: Page) => page.evaluate(() => (window as unknown as { __notes: Array<{ title: string; body: string }> }).__notes);
