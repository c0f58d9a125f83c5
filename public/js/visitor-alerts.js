// @ts-check
import { beep } from './beep.js';
import { fill } from './page-words.js';
import { whenLoaded } from './when-loaded.js';

// The visitor's ticket page calls when a supporter claims the ticket or writes: the title says
// so ("(1) New reply") while the page is in the background, a short tone plays once the visitor
// has used the page (browsers allow sound only then), and a desktop notification shows while the
// page is in the background if the visitor allowed it ("Notify me", views/ticket/page.eta).
// The widget's frame leaves this to the widget on the host page.

const main = document.querySelector('main.ticket-page');
const baseTitle = document.title;
let unseen = 0;
let interacted = false;
// Module scripts run once the page is parsed: what it already shows is not news.
const shownAtLoad = new Set([...document.querySelectorAll('.msg--supporter, .status--claimed')]);

/** Local storage, or null where it is denied. */
function store() {
  try { return window.localStorage; } catch { return null; }
}

/** @param {Element} el @param {string} body */
function call(el, body) {
  if (!main || shownAtLoad.has(el)) return;
  if (interacted) beep();
  if (document.visibilityState === 'visible') return;
  unseen += 1;
  document.title = `(${unseen}) ${main.getAttribute('data-new-reply') ?? ''} · ${baseTitle}`;
  if (store()?.getItem('lineup.visitorNotify') === '1' && 'Notification' in window && Notification.permission === 'granted') {
    const note = new Notification(main.getAttribute('data-new-reply') ?? '', { body: body.slice(0, 140), tag: 'lineup-ticket' });
    note.onclick = () => { window.focus(); note.close(); };
  }
}

if (main) {
  addEventListener('pointerdown', () => { interacted = true; }, { once: true });
  addEventListener('keydown', () => { interacted = true; }, { once: true });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'visible') return;
    unseen = 0;
    document.title = baseTitle;
  });
  whenLoaded('.msg--supporter', (msg) => call(msg, msg.querySelector('.msg__body')?.textContent?.trim() ?? ''));
  whenLoaded('.status--claimed', (status) => call(status, status.querySelector('.status__who')?.textContent?.trim() ?? ''));
}

// "Notify me": asks once, on the visitor's own click; a refusal is respected and said.
document.addEventListener('click', async (event) => {
  const button = event.target instanceof Element ? event.target.closest('[data-notify-me]') : null;
  if (!(button instanceof HTMLButtonElement) || !('Notification' in window)) return;
  const answer = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
  store()?.setItem('lineup.visitorNotify', answer === 'granted' ? '1' : '0');
  button.textContent = fill(button.getAttribute(answer === 'granted' ? 'data-on' : 'data-blocked') ?? '', {});
  button.disabled = true;
});
