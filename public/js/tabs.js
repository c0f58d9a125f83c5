// @ts-check
import { scrollLog } from './chat-scroll.js';

// The desk's tabs (a tablist): one in front, its panel shown; the address (#ticket-7) says which,
// so a reload or a reset (which redraws the tabs) comes back to it. Tabs come and go over the
// stream, so the state is applied again after every swap.

const tabsNow = () => /** @type {HTMLElement[]} */ ([...document.querySelectorAll('#tab-list [role="tab"]')]);
const inAddress = () => (location.hash.match(/^#ticket-(\d+)$/) ?? [])[1] ?? null;

/** @type {string | null} a tab to bring to the front once it is there (the one in the address, or one just claimed) */
let wanted = inAddress();
/** Whether the wanted tab was just claimed: then its message box gets the focus. */
let greet = false;

/**
 * Brings a ticket's tab to the front (the first tab when it has none); `focus` moves the focus to it.
 * @param {string | null | undefined} id
 * @param {boolean} focus
 */
export function showTab(id, focus) {
  const tabs = tabsNow();
  const chosen = tabs.find((t) => t.dataset.ticket === id) ?? tabs[0];
  if (!chosen) return;
  for (const tab of tabs) tab.setAttribute('aria-selected', String(tab === chosen));
  applyTabState();
  history.replaceState(null, '', `#ticket-${chosen.dataset.ticket}`);
  if (focus) chosen.focus();
  scrollLog(document.getElementById(`log-${chosen.dataset.ticket}`), true);
  chosen.dispatchEvent(new CustomEvent('lineup:tab-shown', { bubbles: true }));
}

// Shows the selected tab's panel and hides the rest. Hidden panels keep their drafts but give
// up their labels, so "Message" names exactly one box on the desk (for screen readers and
// for tests that look a field up by its label).
function applyTabState() {
  for (const tab of tabsNow()) {
    const selected = tab.getAttribute('aria-selected') === 'true';
    tab.tabIndex = selected ? 0 : -1;
    const panel = document.getElementById(tab.getAttribute('aria-controls') ?? '');
    if (!panel) continue;
    panel.hidden = !selected;
    // Only labels that name their box with `for`: a label wrapping its box keeps it either way.
    for (const label of /** @type {NodeListOf<HTMLLabelElement>} */ (panel.querySelectorAll('label[for], label[data-for]'))) {
      if (!label.dataset.for) label.dataset.for = label.htmlFor;
      if (selected) label.htmlFor = label.dataset.for;
      else label.removeAttribute('for');
    }
  }
}

function syncTabs() {
  if (!document.getElementById('tab-list')) return;
  if (wanted && document.getElementById(`tab-${wanted}`)) {
    showTab(wanted, false);
    // Just claimed: the supporter's next move is to greet the visitor.
    if (greet) document.getElementById(`body-${wanted}`)?.focus();
    wanted = null;
    greet = false;
    return;
  }
  // Nothing selected (first load, or a reset replaced the tabs): the address says which.
  if (!document.querySelector('#tab-list [aria-selected="true"]')) showTab(inAddress(), false);
  else applyTabState();
}

/**
 * Brings a ticket the supporter just claimed to the front, ready to write: now, or when its tab
 * arrives over the stream (before or after the claim's answer).
 * @param {string} id
 */
export function openClaimed(id) {
  wanted = id;
  greet = true;
  syncTabs();
}

document.addEventListener('click', (event) => {
  const tab = event.target instanceof Element ? event.target.closest('#tab-list [role="tab"]') : null;
  if (tab instanceof HTMLElement) showTab(tab.dataset.ticket, true);
});
// Arrow keys, Home and End move along the tabs.
document.addEventListener('keydown', (event) => {
  const tab = event.target instanceof Element ? event.target.closest('#tab-list [role="tab"]') : null;
  if (!(tab instanceof HTMLElement) || !['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) return;
  const tabs = tabsNow();
  const i = tabs.indexOf(tab);
  const next = event.key === 'Home' ? 0 : event.key === 'End' ? tabs.length - 1
    : (i + (event.key === 'ArrowRight' ? 1 : -1) + tabs.length) % tabs.length;
  event.preventDefault();
  showTab(tabs[next]?.dataset.ticket, true);
});

document.addEventListener('htmx:after:swap', syncTabs);
syncTabs();
