// @ts-check
import { whenLoaded } from './when-loaded.js';

// On a phone the desk shows one thing at a time: the line (with chats, team and team chat), the
// open tab's conversation, or its details. A tab coming to the front (a claim, a click) shows its
// conversation. lineup.css applies this on narrow screens only; without scripts the desk stacks.

/** @param {Element} desk @param {string} view */
function show(desk, view) {
  desk.setAttribute('data-view', view);
  for (const button of desk.querySelectorAll('[data-phone-view]')) {
    button.setAttribute('aria-pressed', String(button.getAttribute('data-phone-view') === view));
  }
}

whenLoaded('.phone-views', (nav) => {
  const desk = nav.closest('.desk');
  if (!desk) return;
  desk.classList.add('desk--views');
  show(desk, document.querySelector('#tab-list [role="tab"]') ? 'chat' : 'line');
  nav.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-phone-view]') : null;
    if (button) show(desk, button.getAttribute('data-phone-view') ?? 'line');
  });
});

document.addEventListener('lineup:tab-shown', (event) => {
  const desk = event.target instanceof Element ? event.target.closest('.desk--views') : null;
  if (desk) show(desk, 'chat');
});
