// @ts-check
import { csrfToken } from './csrf.js';
import { whenLoaded } from './when-loaded.js';

// While keys are pressed in a message box, its page reports it every couple of seconds; the
// other side shows "… is typing" until a report is a few seconds old or the message arrives.
// (Not hx-trigger's throttle: it would send one more report after the last key, which could land
// after the message itself and show the typing line again.)
const TYPING_REPORT_MS = 2500;
const TYPING_SHOWN_MS = 6000;

/** @type {WeakMap<HTMLTextAreaElement, number>} */
const reportedAt = new WeakMap();
document.addEventListener('input', (event) => {
  const box = event.target;
  if (!(box instanceof HTMLTextAreaElement) || !box.dataset.typing || !box.value.trim()) return;
  const now = Date.now();
  if (now - (reportedAt.get(box) ?? 0) < TYPING_REPORT_MS) return;
  reportedAt.set(box, now);
  void fetch(box.dataset.typing, { method: 'POST', headers: { 'X-CSRF-Token': csrfToken }, credentials: 'same-origin' }).catch(() => {});
});

// The next key pressed after a message was sent starts a new message: report it at once.
document.addEventListener('lineup:sent', (event) => {
  if (event.target instanceof HTMLTextAreaElement) reportedAt.delete(event.target);
});

// Each report arrives with a stamp: a fresh one keeps the typing line up a while longer.
/** @type {WeakMap<Element, { stamp: string, timer: number }>} */
const shown = new WeakMap();
whenLoaded('.typing', (line) => {
  const stamp = line.querySelector('[data-stamp]')?.getAttribute('data-stamp');
  if (!stamp || shown.get(line)?.stamp === stamp) return;
  clearTimeout(shown.get(line)?.timer);
  shown.set(line, { stamp, timer: setTimeout(() => { line.textContent = ''; }, TYPING_SHOWN_MS) });
});
