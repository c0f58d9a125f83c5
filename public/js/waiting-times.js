// @ts-check
import { sayer } from './page-words.js';
import { whenLoaded } from './when-loaded.js';

// How long each ticket in the line has waited (coloured past 5 and 15 minutes, as the server
// draws it), how long a gone visitor has been away from the page, and how long a colleague has
// been on a break, in the desk's words
// (desk/page.eta puts them on #main).
const say = sayer(document.getElementById('main'));

/** Whole minutes since a time in milliseconds written on the element. @param {Element} el @param {string} attribute */
const minutesSince = (el, attribute) => Math.max(0, Math.floor((Date.now() - Number(el.getAttribute(attribute))) / 60000));

/** @param {Element} el */
function showWaiting(el) {
  const minutes = minutesSince(el, 'data-waiting-since');
  const text = minutes < 1 ? say('line.waitingJustNow') : say('line.waitingMinutes', { minutes });
  if (text && el.textContent !== text) el.textContent = text;
  el.classList.toggle('line-row__wait--warn', minutes >= 5 && minutes < 15);
  el.classList.toggle('line-row__wait--late', minutes >= 15);
}

/** @param {Element} el */
function showGone(el) {
  const minutes = minutesSince(el, 'data-gone-since');
  const text = minutes < 1 ? say('line.goneJustNow') : say('line.goneMinutes', { minutes });
  if (text && el.textContent !== text) el.textContent = text;
}

/** How long a colleague has been on a break. @param {Element} el */
function showBreak(el) {
  const text = say('team.breakMinutes', { minutes: minutesSince(el, 'data-break-since') });
  if (text && el.textContent !== text) el.textContent = text;
}

whenLoaded('[data-waiting-since]', showWaiting);
whenLoaded('[data-gone-since]', showGone);
whenLoaded('[data-break-since]', showBreak);
setInterval(() => {
  document.querySelectorAll('[data-waiting-since]').forEach(showWaiting);
  document.querySelectorAll('[data-gone-since]').forEach(showGone);
  document.querySelectorAll('[data-break-since]').forEach(showBreak);
}, 30_000);
