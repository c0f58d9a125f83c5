// @ts-check
import { sayer } from './page-words.js';
import { whenLoaded } from './when-loaded.js';

// How long each ticket in the line has waited, in the desk's words (desk/page.eta puts them on #main).
const say = sayer(document.getElementById('main'));

/** @param {Element} el */
function showWaiting(el) {
  const minutes = Math.max(0, Math.floor((Date.now() - Number(el.getAttribute('data-waiting-since'))) / 60000));
  const text = minutes < 1 ? say('line.waitingJustNow') : say('line.waitingMinutes', { minutes });
  if (text && el.textContent !== text) el.textContent = text;
}

whenLoaded('[data-waiting-since]', showWaiting);
setInterval(() => document.querySelectorAll('[data-waiting-since]').forEach(showWaiting), 30_000);
