// @ts-check
import { whenLoaded } from './when-loaded.js';

// A form marked data-draft keeps what was typed across a reload, until it is sent.

/** @param {HTMLFormElement} form */
const draftKey = (form) => `lineup.draft.${form.dataset.draft}`;
/** @param {HTMLFormElement} form */
const draftFields = (form) => [.../** @type {NodeListOf<HTMLInputElement | HTMLTextAreaElement>} */ (
  form.querySelectorAll('input:not([type=hidden]):not([type=checkbox]), textarea'))].filter((f) => f.name);

// A form that arrives (the page, or a form sent back with errors) gets what was typed in it before.
whenLoaded('form[data-draft]:not([data-draft-restored])', (/** @type {HTMLFormElement} */ form) => {
  form.setAttribute('data-draft-restored', '');
  /** @type {Record<string, unknown>} */
  let saved = {};
  try { saved = JSON.parse(localStorage.getItem(draftKey(form)) || '{}'); } catch { /* a damaged draft is dropped */ }
  for (const field of draftFields(form)) {
    const value = saved[field.name];
    if (!field.value && typeof value === 'string') field.value = value;
  }
});

document.addEventListener('input', (event) => {
  const form = event.target instanceof Element ? event.target.closest('form[data-draft]') : null;
  if (!(form instanceof HTMLFormElement)) return;
  localStorage.setItem(draftKey(form), JSON.stringify(Object.fromEntries(draftFields(form).map((f) => [f.name, f.value.slice(0, 4000)]))));
});

document.addEventListener('htmx:after:request', (event) => {
  const form = event.detail.ctx.sourceElement;
  const status = event.detail.ctx.response?.status ?? 0;
  if (form instanceof HTMLFormElement && form.matches('form[data-draft]') && status >= 200 && status < 300) localStorage.removeItem(draftKey(form));
});
