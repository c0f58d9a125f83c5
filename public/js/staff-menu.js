// @ts-check
import { whenLoaded } from './when-loaded.js';

// On a phone the staff pages' navigation and language switcher fold into a Menu button
// (lineup.css shows the button only on narrow screens); without this script they simply wrap.

whenLoaded('.topbar', (bar) => {
  const button = bar.querySelector('.topbar__menu');
  if (!(button instanceof HTMLButtonElement)) return;
  button.hidden = false;
  bar.classList.add('topbar--folding');
  button.addEventListener('click', () => {
    const open = bar.classList.toggle('topbar--open');
    button.setAttribute('aria-expanded', String(open));
  });
});
