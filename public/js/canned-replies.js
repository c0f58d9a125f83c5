// @ts-check
import { activate, activeIndex, closeList, isOpen, openList, optionsOf } from './canned-list.js';

// Canned replies in the desk's message boxes: "/" and a few letters offer matching replies in a
// list under the box; choosing one puts its text, filled in by the server, into the box to edit.
// Tabs are inserted and replaced live, so every listener is delegated from the document.
const BOX = 'section.panel[data-ticket] textarea[data-send-on-enter]';
const QUERY_MAX = 64;
const DELAY_MS = 120;
// A "/" at the start of the box or after a space, up to the caret.
const TOKEN = /(?:^|\s)\/(\S*)$/;

/** @typedef {{ timer: number, controller: AbortController | null, dismissedAt: number }} BoxState */
/** @type {WeakMap<HTMLTextAreaElement, BoxState>} per box: the pending timer and request, and where Escape dismissed a "/" */
const states = new WeakMap();
/** @param {HTMLTextAreaElement} box */
function stateOf(box) {
  let state = states.get(box);
  if (!state) states.set(box, (state = { timer: 0, controller: null, dismissedAt: -1 }));
  return state;
}

/** @param {EventTarget | null} target */
const boxOf = (target) => (target instanceof HTMLTextAreaElement && target.matches(BOX) ? target : null);

/** The "/query" that ends at the caret, if any. @param {HTMLTextAreaElement} box */
function tokenAt(box) {
  if (box.selectionStart !== box.selectionEnd) return null;
  const match = box.value.slice(0, box.selectionStart).match(TOKEN);
  if (!match || (match[1] ?? '').length > QUERY_MAX) return null;
  const query = match[1] ?? '';
  return { start: box.selectionStart - query.length - 1, query };
}

/** @param {HTMLTextAreaElement} box */
function close(box) {
  const state = stateOf(box);
  clearTimeout(state.timer);
  state.controller?.abort();
  state.controller = null;
  closeList(box);
}

/** @param {HTMLTextAreaElement} box @param {{ start: number, query: string }} token */
async function suggest(box, token) {
  const state = stateOf(box);
  state.controller?.abort();
  const controller = (state.controller = new AbortController());
  const ticket = /** @type {HTMLElement | null} */ (box.closest('section.panel[data-ticket]'))?.dataset.ticket ?? '';
  try {
    const response = await fetch(`/desk/tickets/${encodeURIComponent(ticket)}/canned?q=${encodeURIComponent(token.query)}`,
      { credentials: 'same-origin', signal: controller.signal });
    const html = response.ok ? await response.text() : '';
    // A newer keystroke has its own request on the way; this answer is stale.
    if (state.controller !== controller) return;
    state.controller = null;
    const now = tokenAt(box);
    if (document.activeElement !== box || !now || now.start !== token.start || now.query !== token.query) return;
    if (!openList(box, html)) close(box);
  } catch (error) {
    if (!(error instanceof DOMException && error.name === 'AbortError')) close(box);
  }
}

/** Looks at the text before the caret and offers replies for a "/" there, after a short pause. @param {HTMLTextAreaElement} box */
function update(box) {
  const state = stateOf(box);
  clearTimeout(state.timer);
  const token = tokenAt(box);
  if (!token) { state.dismissedAt = -1; close(box); return; }
  if (token.start === state.dismissedAt) return;
  state.dismissedAt = -1;
  state.timer = setTimeout(() => suggest(box, token), DELAY_MS);
}

/** Replaces the "/query" with the reply's text as plain text; the caret ends after it, ready to edit. @param {HTMLTextAreaElement} box @param {Element} option */
function choose(box, option) {
  const token = tokenAt(box);
  const text = option.getAttribute('data-text') ?? '';
  close(box);
  if (!token) return;
  box.setRangeText(text, token.start, box.selectionStart, 'end');
  box.focus();
}

/** @param {HTMLTextAreaElement} box */
function dismiss(box) {
  stateOf(box).dismissedAt = tokenAt(box)?.start ?? -1;
  close(box);
}

document.addEventListener('focusin', (event) => {
  const box = boxOf(event.target);
  if (box && !box.hasAttribute('aria-autocomplete')) {
    box.setAttribute('aria-autocomplete', 'list');
    // A textbox may say it has a list (aria-haspopup) but not whether it is open (aria-expanded is
    // not allowed on it, and a textarea cannot be a combobox): the open state is the page's own.
    box.setAttribute('aria-haspopup', 'listbox');
  }
});
document.addEventListener('focusout', (event) => {
  const box = boxOf(event.target);
  if (box) close(box);
});
document.addEventListener('input', (event) => {
  const box = boxOf(event.target);
  if (box) update(box);
});
document.addEventListener('keyup', (event) => {
  const box = boxOf(event.target);
  if (box && ['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) update(box);
});

// Capture phase, ahead of composer.js's Enter-sends listener: while the list is open, Enter
// inserts the reply and must not send the message.
document.addEventListener('keydown', (event) => {
  const box = boxOf(event.target);
  if (!box || event.isComposing || event.altKey || event.ctrlKey || event.metaKey || !isOpen(box)) return;
  if (event.key === 'ArrowDown') activate(box, activeIndex(box) + 1);
  else if (event.key === 'ArrowUp') activate(box, activeIndex(box) - 1);
  else if (event.key === 'Escape') dismiss(box);
  else if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey) {
    const option = optionsOf(box)[Math.max(0, activeIndex(box))];
    if (option) choose(box, option);
  } else return;
  event.preventDefault();
  event.stopImmediatePropagation();
}, { capture: true });

// Pressing on the list must not take the focus from the box (that would close the list).
document.addEventListener('mousedown', (event) => {
  if (event.target instanceof Element && event.target.closest('.canned-popup')) event.preventDefault();
});
document.addEventListener('click', (event) => {
  const target = event.target instanceof Element ? event.target : null;
  const option = target?.closest('.canned-popup [role="option"]');
  const box = option ? boxOf(option.closest('form')?.querySelector('textarea[data-send-on-enter]') ?? null) : boxOf(target);
  if (!box) return;
  if (option) choose(box, option);
  else update(box);
});
