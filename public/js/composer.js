// @ts-check
import { newMessageId } from './message-id.js';
import { whenLoaded } from './when-loaded.js';

// A message form (data-reset-on-success): Enter sends, Shift+Enter makes a new line. One message
// is on its way at a time: hx-sync="queue last" holds a send pressed meanwhile (by Enter or by
// the button). The form clears once the server has stored the message (the stream shows it),
// unless more was typed meanwhile: that text stays, and goes too if a send waits for it.

/** @param {HtmxEvent} event */
const composerOf = ({ detail: { ctx } }) =>
  ctx.sourceElement instanceof HTMLFormElement && ctx.sourceElement.matches('form[data-reset-on-success]') ? ctx.sourceElement : null;

/** @typedef {{ ahead: HtmxContext | null, text: string, stored: boolean }} Send */
/** @type {WeakMap<HtmxContext, Send>} each send: the one it waits for, what it carried, whether it was stored */
const sends = new WeakMap();
/** @type {WeakMap<HTMLFormElement, HtmxContext>} the send on its way, per form */
const onItsWay = new WeakMap();

// Pressed: it waits for the send on its way, if there is one.
document.addEventListener('htmx:config:request', (event) => {
  const form = composerOf(event);
  if (form) sends.set(event.detail.ctx, { ahead: onItsWay.get(form) ?? null, text: '', stored: false });
});

document.addEventListener('htmx:before:request', (event) => {
  const form = composerOf(event);
  const send = sends.get(event.detail.ctx);
  if (!form || !send) return;
  const box = form.querySelector('textarea');
  if (send.ahead) {
    // A send that waited goes only if the one ahead was stored and more was typed since; it
    // carries the box as it reads now, under the id chosen once the one ahead was stored.
    if (!sends.get(send.ahead)?.stored || !box?.value.trim()) { event.preventDefault(); return; }
    // A message form holds no file: every value is a string.
    event.detail.ctx.request.body = new URLSearchParams(/** @type {any} */ (new FormData(form)));
  }
  send.text = box?.value ?? '';
  onItsWay.set(form, event.detail.ctx);
});

document.addEventListener('htmx:after:request', (event) => {
  const form = composerOf(event);
  const send = sends.get(event.detail.ctx);
  const status = event.detail.ctx.response?.status ?? 0;
  if (!form || !send || status < 200 || status >= 300) return;
  send.stored = true;
  const box = form.querySelector('textarea');
  const error = form.querySelector('.form-error');
  if (error) error.textContent = '';
  for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (form.querySelectorAll('input[data-nonce]'))) input.value = newMessageId();
  // A note was stored: the next message is a reply again unless the supporter says otherwise.
  const reply = /** @type {HTMLInputElement | null} */ (form.querySelector('input[data-mode="reply"]'));
  if (reply && !reply.checked) reply.checked = true;
  if (!box || box.value !== send.text) return;
  box.value = '';
  box.focus();
  box.dispatchEvent(new CustomEvent('lineup:sent', { bubbles: true }));
});

document.addEventListener('htmx:finally:request', (event) => {
  const form = composerOf(event);
  if (form && onItsWay.get(form) === event.detail.ctx) onItsWay.delete(form);
});

// Enter sends, Shift+Enter makes a new line.
document.addEventListener('keydown', (event) => {
  const box = event.target;
  if (!(box instanceof HTMLTextAreaElement) || !box.hasAttribute('data-send-on-enter')) return;
  if (event.key !== 'Enter' || event.shiftKey || event.isComposing) return;
  event.preventDefault();
  if (box.value.trim() && box.form) box.form.requestSubmit();
});

// A form that arrives gets its message id.
whenLoaded('input[data-nonce]', (/** @type {HTMLInputElement} */ input) => { if (!input.value) input.value = newMessageId(); });
