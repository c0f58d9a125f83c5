// @ts-check
import { showTab } from './tabs.js';

// Desk shortcuts (listed on the desk): Alt+J / Alt+K next / previous tab, Alt+M the message
// box, Alt+L the line, Alt+T team chat, Alt+N claim the next ticket. Key codes, not characters: Alt changes characters on a Mac.

/** @returns {HTMLElement | null} */
const messageBox = () => document.querySelector('#tab-panels [role="tabpanel"]:not([hidden]) textarea[data-send-on-enter]');

/** @param {number} step */
function moveTab(step) {
  const tabs = /** @type {HTMLElement[]} */ ([...document.querySelectorAll('#tab-list [role="tab"]')]);
  if (!tabs.length) return;
  const current = tabs.findIndex((t) => t.getAttribute('aria-selected') === 'true');
  showTab(tabs[(current + step + tabs.length) % tabs.length]?.dataset.ticket, false);
  messageBox()?.focus();
}

/** @type {Record<string, () => void>} */
const ACTIONS = {
  KeyJ: () => moveTab(1),
  KeyK: () => moveTab(-1),
  KeyM: () => messageBox()?.focus(),
  KeyL: () => /** @type {HTMLElement | null} */ (document.querySelector('#line-list button') ?? document.getElementById('line-heading'))?.focus(),
  KeyT: () => document.getElementById('team-body')?.focus(),
  KeyN: () => /** @type {HTMLButtonElement | null} */ (document.getElementById('claim-next'))?.click(),
};

document.addEventListener('keydown', (event) => {
  if (!event.altKey || event.ctrlKey || event.metaKey || !document.getElementById('tab-list')) return;
  const act = ACTIONS[event.code];
  if (!act) return;
  event.preventDefault();
  act();
});
