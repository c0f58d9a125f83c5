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

// The menu under the supporter's name on the desk closes on a click elsewhere, on Escape, and
// once its status is saved: it must never sit over the work.
const openMenus = () => /** @type {NodeListOf<HTMLDetailsElement>} */ (document.querySelectorAll('details.me-menu[open]'));
document.addEventListener('click', (event) => {
  for (const menu of openMenus()) if (event.target instanceof Node && !menu.contains(event.target)) menu.open = false;
});
document.addEventListener('keydown', (event) => {
  if (event.key !== 'Escape') return;
  for (const menu of openMenus()) { menu.open = false; menu.querySelector('summary')?.focus(); }
});
document.addEventListener('htmx:after:request', (event) => {
  const form = event.detail.ctx.sourceElement;
  const status = event.detail.ctx.response?.status ?? 0;
  if (!(form instanceof HTMLFormElement) || status < 200 || status >= 300) return;
  if (!/\/desk\/(status|step-away)$/.test(form.getAttribute('hx-post') ?? '')) return;
  const menu = form.closest('details.me-menu');
  if (menu instanceof HTMLDetailsElement) menu.open = false;
});
