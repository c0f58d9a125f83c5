// @ts-check
import { fill } from './page-words.js';
import { whenLoaded } from './when-loaded.js';

// An offer counts down the seconds left to answer it (a colleague's, views/desk/_offer.eta, or the
// line ringing, views/desk/_ring.eta); the server lets an unanswered offer lapse and removes the
// card itself.

/** @param {Element} el */
function showLeft(el) {
  const left = Math.max(0, Math.ceil((Number(el.getAttribute('data-expires-at')) - Date.now()) / 1000));
  const text = fill(el.getAttribute('data-words') ?? '', { seconds: left });
  if (el.textContent !== text) el.textContent = text;
}

whenLoaded('[data-expires-at]', showLeft);
setInterval(() => document.querySelectorAll('[data-expires-at]').forEach(showLeft), 1000);
