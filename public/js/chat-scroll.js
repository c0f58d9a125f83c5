// @ts-check
import { whenLoaded } from './when-loaded.js';

// Chat logs stay at the newest line unless the reader scrolled up.
const SCROLLERS = '.panel__chat, .conversation, .team-chat__scroll';

/** @type {WeakMap<Element, boolean>} whether each scroller was at its end when last scrolled */
const stuck = new WeakMap();

/** @param {Element} scroller @param {boolean} force */
function follow(scroller, force) {
  if (force || stuck.get(scroller) !== false) scroller.scrollTop = scroller.scrollHeight;
}

/**
 * Scrolls a chat log to its newest line; unless `force`, only if its reader had not scrolled up.
 * @param {Element | null} log
 * @param {boolean} force
 */
export function scrollLog(log, force) {
  if (log) follow(log.closest(SCROLLERS) ?? log, force);
}

document.addEventListener('scroll', (event) => {
  const el = event.target;
  if (el instanceof Element && el.matches(SCROLLERS)) stuck.set(el, el.scrollHeight - el.scrollTop - el.clientHeight < 40);
}, true);

// A new message, a typing line, a whole conversation: the chat follows (a page opens at the end).
whenLoaded(SCROLLERS, (scroller) => follow(scroller, false));
