// @ts-check
import { announce } from './alerts.js';
import { sayer } from './page-words.js';

// Someone joined the line (the stream's lineup:joined): a supporter who asked for it (the
// "Alert me when someone joins the line" box, kept on their account) hears of it, in front too,
// unless they are on a break.
const say = sayer(document.getElementById('main'));
const wanted = /** @type {HTMLInputElement | null} */ (document.getElementById('alert-new'));

document.addEventListener('lineup:joined', (event) => {
  if (!wanted?.checked) return;
  // A supporter on a break is not called (#me says their status; it is redrawn when it changes).
  if (document.getElementById('me')?.dataset.status === 'break') return;
  const { ticket, name, problem } = JSON.parse(event.detail.data);
  announce(say('tabs.newInLine', { name }), problem, `line-${ticket}`, true);
});
