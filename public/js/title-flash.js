// @ts-check
import { sayer } from './page-words.js';

// The page title: a count while anything is unread; flashing ("(2) Vera wrote…") while the
// browser tab is in the background.
const baseTitle = document.title;
const say = sayer(document.getElementById('main'));
const flash = { timer: 0, calling: '', counted: '' };

/**
 * Shows `total` unread messages in the title, the newest from `name`.
 * @param {number} total
 * @param {string} name
 */
export function setTitle(total, name) {
  flash.counted = total ? `(${total}) ${baseTitle}` : baseTitle;
  if (!total || document.visibilityState === 'visible') {
    clearInterval(flash.timer);
    flash.timer = 0;
    if (document.title !== flash.counted) document.title = flash.counted;
    return;
  }
  const calling = say('tabs.titleWrote', { count: total, name });
  if (flash.timer && calling === flash.calling) return;
  // Something new: show it at once, then keep alternating.
  flash.calling = calling;
  clearInterval(flash.timer);
  let on = true;
  document.title = calling;
  flash.timer = setInterval(() => { on = !on; document.title = on ? flash.calling : flash.counted; }, 1000);
}
