// @ts-check
import { announce } from './alerts.js';
import { sayer } from './page-words.js';

// Someone joined the line (the stream's lineup:joined): a supporter who asked for it (the
// "Alert me when someone joins the line" box, kept on their account) hears of it, in front too.
const say = sayer(document.getElementById('main'));
const wanted = /** @type {HTMLInputElement | null} */ (document.getElementById('alert-new'));

document.addEventListener('lineup:joined', (event) => {
  if (!wanted?.checked) return;
  const { ticket, name, problem } = JSON.parse(event.detail.data);
  announce(say('tabs.newInLine', { name }), problem, `line-${ticket}`, true);
});
