// @ts-check
import { csrfToken } from './csrf.js';
import { newMessageId } from './message-id.js';
import { sayer } from './page-words.js';

// Files in conversations: "Attach a file", or a picture pasted (or dropped) into a message box.
// The message arrives over the stream like any other; this only sends the file and says how it
// went, beside the box (views/files/_attach.eta, whose data-texts hold the words).

// FILE_MAX_BYTES in src/files/limits.ts; checked here only to say so before sending 10 MiB for nothing.
const MAX_BYTES = 10 * 1024 * 1024;

/**
 * Says how sending goes, beside the box; what is not an error steps aside after a while.
 * @param {Element} attach @param {string} text @param {boolean} [isError]
 */
export function showStatus(attach, text, isError) {
  const status = /** @type {HTMLElement | null} */ (attach.querySelector('.attach__status'));
  if (!status) return;
  clearTimeout(Number(status.dataset.timer));
  status.textContent = text;
  status.classList.toggle('attach__status--error', Boolean(isError));
  if (text && !isError) status.dataset.timer = String(setTimeout(() => { status.textContent = ''; }, 5000));
}

// Errors come back as text, or as a small HTML notice (escaped by the server): shown as text either way.
/** @param {XMLHttpRequest} xhr @param {ReturnType<typeof sayer>} say */
function reason(xhr, say) {
  const type = xhr.getResponseHeader('Content-Type') ?? '';
  const body = type.includes('html') ? new DOMParser().parseFromString(xhr.responseText, 'text/html').body.textContent : xhr.responseText;
  return body?.trim() || say('failed', { status: xhr.status });
}

/**
 * Sends one file as a message of its own, saying how it goes beside the box.
 * @param {HTMLElement} attach the box's .attach[data-upload]
 * @param {File} file
 * @returns {Promise<void>}
 */
export function sendFile(attach, file) {
  const say = sayer(attach);
  const name = file.name || 'file';
  if (file.size > MAX_BYTES) return Promise.resolve(showStatus(attach, say('tooLarge', { name }), true));
  if (file.size === 0) return Promise.resolve(showStatus(attach, say('empty', { name }), true));
  return new Promise((resolve) => {
    const form = new FormData();
    form.append('file', file, name);
    form.append('nonce', newMessageId());
    const xhr = new XMLHttpRequest();
    xhr.open('POST', attach.dataset.upload ?? '');
    xhr.setRequestHeader('X-CSRF-Token', csrfToken);
    xhr.setRequestHeader('HX-Request', 'true');
    showStatus(attach, say('sending', { name }));
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) showStatus(attach, `${say('sending', { name })} ${Math.floor((event.loaded / event.total) * 100)}%`);
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) showStatus(attach, say('sent', { name }));
      else if (xhr.status === 401) location.href = '/login';
      else showStatus(attach, reason(xhr, say), true);
      resolve();
    });
    xhr.addEventListener('error', () => { showStatus(attach, say('connectionFailed', { name }), true); resolve(); });
    xhr.send(form);
  });
}

/** @type {WeakMap<Element, Promise<void>>} */
const queues = new WeakMap();
// One file after another, in the order they were chosen.
/** @param {HTMLElement} attach @param {File[]} files */
function sendAll(attach, files) {
  let queue = queues.get(attach) ?? Promise.resolve();
  for (const file of files) queue = queue.then(() => sendFile(attach, file));
  queues.set(attach, queue);
}

/** @param {Element} el @returns {HTMLElement | null} */
const attachOf = (el) => el.closest('form.composer, #composer')?.querySelector('.attach[data-upload]') ?? null;

document.addEventListener('change', (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.hasAttribute('data-attach')) return;
  const attach = /** @type {HTMLElement | null} */ (input.closest('.attach[data-upload]'));
  if (attach && input.files?.length) sendAll(attach, [...input.files]);
  input.value = '';
});

// A picture pasted into a message box is sent as a file; pasted text stays text.
document.addEventListener('paste', (event) => {
  const box = event.target;
  if (!(box instanceof HTMLTextAreaElement)) return;
  const attach = attachOf(box);
  const files = [...(event.clipboardData?.files ?? [])];
  if (!attach || !files.length) return;
  event.preventDefault();
  sendAll(attach, files);
});

// Files dropped on a message box are sent too.
document.addEventListener('dragover', (event) => {
  if (event.target instanceof Element && attachOf(event.target) && event.dataTransfer?.types.includes('Files')) event.preventDefault();
});
document.addEventListener('drop', (event) => {
  const attach = event.target instanceof Element ? attachOf(event.target) : null;
  const files = [...(event.dataTransfer?.files ?? [])];
  if (!attach || !files.length) return;
  event.preventDefault();
  sendAll(attach, files);
});
