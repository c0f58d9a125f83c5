// @ts-check
import { announce } from './alerts.js';
import { sayer } from './page-words.js';
import { whenLoaded } from './when-loaded.js';

// Team chat counts colleagues' messages the supporter has not looked at yet (a badge beside its
// heading), and calls like a visitor's message does (sound, desktop notification) while the
// desk is in the background. Looking at it (the box focused, or a click in it) clears the count.

const say = sayer(document.getElementById('main'));
const me = document.getElementById('main')?.getAttribute('data-me') ?? '';
const badge = document.getElementById('team-unread');
let unread = 0;
// Module scripts run once the page is parsed: what it already shows is not news.
const shownAtLoad = new Set([...document.querySelectorAll('.msg--team')].map((m) => m.id));

function show() {
  if (!badge) return;
  badge.hidden = unread === 0;
  badge.textContent = unread ? say('teamChat.unread', { count: unread }) : '';
}

const lookingAtIt = () => document.visibilityState === 'visible' && document.activeElement?.closest('#team-chat:not(.folded)') != null;

whenLoaded('.msg--team', (msg) => {
  // What the page showed when it loaded, and one's own messages, are not news.
  if (shownAtLoad.has(msg.id) || msg.getAttribute('data-author') === me) return;
  if (lookingAtIt()) return;
  unread += 1;
  show();
  const name = msg.querySelector('.msg__author')?.textContent?.trim() ?? '';
  announce(say('teamChat.wrote', { name }), msg.querySelector('.msg__body')?.textContent?.trim() ?? '', 'team-chat');
});

const clear = () => { if (unread) { unread = 0; show(); } };
document.addEventListener('focusin', (event) => { if (event.target instanceof Element && event.target.closest('#team-chat')) clear(); });
document.addEventListener('click', (event) => { if (event.target instanceof Element && event.target.closest('#team-chat')) clear(); });
