// Files in conversations: "Attach a file", a picture pasted (or dropped) into a message box, and
// the visitor's "Share a screenshot". The message arrives over the stream like any other; this
// only sends the file and says how it went. Also points every file link at this page's own
// file address (a message is rendered once for the visitor's page and the desk alike).
(() => {
  'use strict';
  const csrf = document.querySelector('meta[name="csrf-token"]')?.content ?? '';
  // FILE_MAX_BYTES in src/files/limits.ts; checked here only to say so before sending 10 MiB for nothing.
  const MAX_BYTES = 10 * 1024 * 1024;

  // A visitor's ticket page fetches its files under its own address (where its stream is); every
  // other page that shows messages (the desk, transcripts) belongs to a supporter.
  function filesBase() {
    const stream = document.getElementById('ticket-live')?.getAttribute('hx-sse:connect') ?? '';
    const own = stream.match(/^(\/[^?#]*)\/stream(?:\?.*)?$/);
    return own ? `${own[1]}/files/` : '/desk/files/';
  }

  function pointFiles(root) {
    const base = filesBase();
    for (const el of root.querySelectorAll('[data-file]:not([data-file-ready])')) {
      const id = el.getAttribute('data-file');
      if (!/^\d+$/.test(id)) continue;
      el.setAttribute(el.tagName === 'A' ? 'href' : 'src', base + id);
      el.setAttribute('data-file-ready', '');
    }
    // Screen capture where the browser has it (desktop browsers; not phones).
    // Inside a frame the host page must allow capture too (widget.js does); otherwise no button.
    const policy = document.permissionsPolicy || document.featurePolicy;
    const canCapture = Boolean(navigator.mediaDevices?.getDisplayMedia) && (!policy || policy.allowsFeature('display-capture'));
    for (const button of root.querySelectorAll('[data-screenshot]')) button.hidden = !canCapture;
  }

  // ---- sending ----
  const queues = new WeakMap();

  // The words come from the page, in its language (views/files/_attach.eta).
  function words(attach, key, params = {}) {
    let texts = {};
    try { texts = JSON.parse(attach.dataset.texts || '{}'); } catch { /* the key itself shows */ }
    return (texts[key] || key).replace(/\{(\w+)\}/g, (whole, name) => (name in params ? String(params[name]) : whole));
  }

  function say(attach, text, isError) {
    const status = attach.querySelector('.attach__status');
    if (!status) return;
    clearTimeout(Number(status.dataset.timer));
    status.textContent = text;
    status.classList.toggle('attach__status--error', Boolean(isError));
    if (text && !isError) status.dataset.timer = String(setTimeout(() => { status.textContent = ''; }, 5000));
  }

  function nonce() {
    return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  // Errors come back as text, or as a small HTML notice (escaped by the server): shown as text either way.
  function reason(attach, xhr) {
    const type = xhr.getResponseHeader('Content-Type') ?? '';
    const body = type.includes('html') ? new DOMParser().parseFromString(xhr.responseText, 'text/html').body.textContent : xhr.responseText;
    return body?.trim() || words(attach, 'failed', { status: xhr.status });
  }

  function send(attach, file) {
    const name = file.name || 'file';
    if (file.size > MAX_BYTES) return Promise.resolve(say(attach, words(attach, 'tooLarge', { name }), true));
    if (file.size === 0) return Promise.resolve(say(attach, words(attach, 'empty', { name }), true));
    return new Promise((resolve) => {
      const form = new FormData();
      form.append('file', file, name);
      form.append('nonce', nonce());
      const xhr = new XMLHttpRequest();
      xhr.open('POST', attach.dataset.upload);
      xhr.setRequestHeader('X-CSRF-Token', csrf);
      xhr.setRequestHeader('HX-Request', 'true');
      say(attach, words(attach, 'sending', { name }));
      xhr.upload.addEventListener('progress', (event) => {
        if (event.lengthComputable) say(attach, `${words(attach, 'sending', { name })} ${Math.floor((event.loaded / event.total) * 100)}%`);
      });
      xhr.addEventListener('load', () => {
        if (xhr.status >= 200 && xhr.status < 300) say(attach, words(attach, 'sent', { name }));
        else if (xhr.status === 401) location.href = '/login';
        else say(attach, reason(attach, xhr), true);
        resolve();
      });
      xhr.addEventListener('error', () => { say(attach, words(attach, 'connectionFailed', { name }), true); resolve(); });
      xhr.send(form);
    });
  }

  // One file after another, in the order they were chosen.
  function sendAll(attach, files) {
    let queue = queues.get(attach) ?? Promise.resolve();
    for (const file of files) queue = queue.then(() => send(attach, file));
    queues.set(attach, queue);
  }

  const attachOf = (el) => el.closest('form.composer, #composer')?.querySelector('.attach[data-upload]');

  document.addEventListener('change', (event) => {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.hasAttribute('data-attach')) return;
    const attach = input.closest('.attach[data-upload]');
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

  // ---- one frame of a shared screen, as a PNG ----
  async function screenshot(attach) {
    let stream;
    try {
      stream = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    } catch {
      say(attach, words(attach, 'noScreenshot'));
      return;
    }
    try {
      const video = document.createElement('video');
      video.muted = true;
      video.srcObject = stream;
      await video.play();
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      canvas.getContext('2d').drawImage(video, 0, 0);
      const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
      if (!blob) throw new Error('no picture');
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      await send(attach, new File([blob], `screenshot-${stamp}.png`, { type: 'image/png' }));
    } catch {
      say(attach, words(attach, 'screenshotFailed'), true);
    } finally {
      for (const track of stream.getTracks()) track.stop();
    }
  }

  document.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('[data-screenshot]') : null;
    const attach = button?.closest('.attach[data-upload]');
    if (attach) void screenshot(attach);
  });

  let pending = false;
  new MutationObserver(() => {
    if (!pending) { pending = true; queueMicrotask(() => { pending = false; pointFiles(document); }); }
  }).observe(document.documentElement, { childList: true, subtree: true });
  pointFiles(document);
})();
