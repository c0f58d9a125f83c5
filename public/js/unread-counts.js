// @ts-check
import { announce } from './alerts.js';
import { sayer } from './page-words.js';
import { setTitle } from './title-flash.js';
import { whenLoaded } from './when-loaded.js';

// Each tab counts the visitor's messages the supporter has not seen. A tab arrives (the page, a
// claim, a reset) saying how many the visitor has written so far and the newest one's id; each
// one after that comes as the stream's lineup:message. How many the supporter has seen per tab
// survives a reload (sessionStorage), so a reload comes back to the same counts.
const say = sayer(document.getElementById('main'));
const SEEN_KEY = 'lineup.seenCounts';
/** @type {Record<string, number>} ticket id -> visitor messages the supporter has seen */
const seen = JSON.parse(sessionStorage.getItem(SEEN_KEY) || '{}');
/** @type {Map<string, { count: number, newest: number }>} ticket id -> the visitor's messages so far */
const written = new Map();

const visible = () => document.visibilityState === 'visible';
const tabsNow = () => /** @type {HTMLElement[]} */ ([...document.querySelectorAll('#tab-list [role="tab"]')]);

function update() {
  let total = 0;
  let latestName = '';
  for (const tab of tabsNow()) {
    const id = tab.dataset.ticket ?? '';
    const count = written.get(id)?.count ?? 0;
    // A tab seen for the first time counts as read; the one in front of a visible desk is read.
    if (!(id in seen) || (tab.getAttribute('aria-selected') === 'true' && visible())) seen[id] = count;
    const unread = Math.max(0, count - (seen[id] ?? 0));
    showCount(tab, unread);
    total += unread;
    if (unread) latestName = tab.dataset.name || '';
  }
  sessionStorage.setItem(SEEN_KEY, JSON.stringify(seen));
  setTitle(total, latestName);
}

/** @param {HTMLElement} tab @param {number} count */
function showCount(tab, count) {
  let badge = tab.querySelector('.tab__unread');
  if (!count) { badge?.remove(); tab.classList.remove('tab--unread'); return; }
  if (!badge) {
    badge = document.createElement('span');
    badge.className = 'tab__unread';
    tab.append(' ', badge);
  }
  const text = String(count);
  if (badge.textContent !== text) badge.textContent = text;
  badge.setAttribute('aria-label', say('tabs.unread', { count }));
  tab.classList.add('tab--unread');
}

// A tab as the server drew it: what the visitor has written up to then (a reset may bring more
// than the page heard of while it was away).
whenLoaded('#tab-list [role="tab"]', (tab) => {
  const id = tab.dataset.ticket ?? '';
  const count = Number(tab.dataset.visitorMessages) || 0;
  const newest = Number(tab.dataset.newestVisitorMessage) || 0;
  if (newest >= (written.get(id)?.newest ?? 0)) written.set(id, { count, newest });
  update();
});

// The visitor wrote in one of this desk's tabs.
document.addEventListener('lineup:message', (event) => {
  const { ticket, message, text } = JSON.parse(event.detail.data);
  const id = String(ticket);
  const known = written.get(id);
  if (!known || message <= known.newest) return; // counted already, in the tab as it was drawn
  written.set(id, { count: known.count + 1, newest: message });
  update();
  announce(say('tabs.wrote', { name: document.getElementById(`tab-${id}`)?.dataset.name ?? '' }), text, `ticket-${id}`);
});

// What is in front changed (another tab, the browser tab), or a tab went: count again.
document.addEventListener('lineup:tab-shown', update);
document.addEventListener('visibilitychange', update);
document.addEventListener('htmx:after:swap', update);
