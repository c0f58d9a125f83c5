// @ts-check
import { whenLoaded } from './when-loaded.js';

// The desk's column sections (line, chats in progress, team, team chat) fold down to their
// heading, which keeps its counts and badges. Which are folded is remembered in this browser, and
// put back on a section the stream draws again.

const KEY = 'lineup.desk.folded';

/** @returns {Set<string>} */
function folded() {
  try { return new Set(JSON.parse(localStorage.getItem(KEY) || '[]')); } catch { return new Set(); }
}

/** @param {HTMLElement} button @param {boolean} fold */
function apply(button, fold) {
  button.hidden = false;
  button.setAttribute('aria-expanded', String(!fold));
  document.getElementById(button.dataset.fold ?? '')?.classList.toggle('folded', fold);
}

whenLoaded('button.fold', (button) => apply(button, folded().has(button.dataset.fold ?? '')));

document.addEventListener('click', (event) => {
  const button = event.target instanceof Element ? /** @type {HTMLElement | null} */ (event.target.closest('button.fold')) : null;
  if (!button?.dataset.fold) return;
  const ids = folded();
  const fold = !ids.has(button.dataset.fold);
  if (fold) ids.add(button.dataset.fold); else ids.delete(button.dataset.fold);
  try { localStorage.setItem(KEY, JSON.stringify([...ids])); } catch { /* private mode: folded for this page only */ }
  apply(button, fold);
});
