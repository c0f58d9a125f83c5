// @ts-check
// The list of canned replies under a desk message box: a listbox the box controls
// (aria-controls, aria-activedescendant), with its count said to screen readers. It sits in the
// message form, under the box, across the form's full width.

/** @param {HTMLTextAreaElement} box */
const listOf = (box) => document.getElementById(box.getAttribute('aria-controls') ?? '');
/** @param {HTMLTextAreaElement} box */
export const optionsOf = (box) => [...(listOf(box)?.querySelectorAll('[role="option"]') ?? [])];
/** @param {HTMLTextAreaElement} box */
export const isOpen = (box) => box.hasAttribute('data-list-open') && optionsOf(box).length > 0;
/** @param {HTMLTextAreaElement} box */
export const activeIndex = (box) => optionsOf(box).findIndex((o) => o.getAttribute('aria-selected') === 'true');

/** @param {HTMLTextAreaElement} box @param {boolean} create */
function popupOf(box, create) {
  const form = box.form;
  let popup = /** @type {HTMLElement | null} */ (form?.querySelector('.canned-popup') ?? null);
  if (!popup && create && form) {
    popup = document.createElement('div');
    popup.className = 'canned-popup';
    popup.hidden = true;
    const status = document.createElement('span');
    status.className = 'visually-hidden canned-status';
    status.setAttribute('role', 'status');
    form.insertBefore(status, form.querySelector('.form-error'));
    form.insertBefore(popup, status);
  }
  return popup;
}

/** @param {HTMLTextAreaElement} box @param {string} text */
function sayStatus(box, text) {
  const status = box.form?.querySelector('.canned-status');
  if (status && status.textContent !== text) status.textContent = text;
}

/** Empties and hides the list. @param {HTMLTextAreaElement} box */
export function closeList(box) {
  box.removeAttribute('data-list-open');
  box.removeAttribute('aria-activedescendant');
  const popup = popupOf(box, false);
  if (popup) { popup.hidden = true; popup.replaceChildren(); }
  sayStatus(box, '');
}

/** Marks the option at `index` (wrapping around) as the one Enter would take. @param {HTMLTextAreaElement} box @param {number} index */
export function activate(box, index) {
  const options = optionsOf(box);
  if (!options.length) return;
  const chosen = (index + options.length) % options.length;
  options.forEach((option, i) => option.setAttribute('aria-selected', String(i === chosen)));
  box.setAttribute('aria-activedescendant', options[chosen]?.id ?? '');
  options[chosen]?.scrollIntoView({ block: 'nearest' });
}

/**
 * Shows the server's list of suggestions (false when it holds none). The server escaped every
 * value in this fragment; a <template> parses it without running anything.
 * @param {HTMLTextAreaElement} box
 * @param {string} html
 */
export function openList(box, html) {
  const template = document.createElement('template');
  template.innerHTML = html;
  const list = template.content.querySelector('[role="listbox"]');
  const count = list ? list.querySelectorAll('[role="option"]').length : 0;
  if (!list || !count) return false;
  const popup = popupOf(box, true);
  if (!popup) return true;
  popup.replaceChildren(list);
  popup.hidden = false;
  box.setAttribute('aria-controls', list.id);
  box.setAttribute('data-list-open', '');
  activate(box, 0);
  // The server words the announcement in the page's language, with the count it sent.
  sayStatus(box, list.getAttribute('data-status') ?? '');
  return true;
}
