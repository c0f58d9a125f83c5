// @ts-check
// Staff pages read their live stream through one SharedWorker per browser (stream-worker.js),
// so ten Lineup tabs hold one connection, not ten: over HTTP/1.1 a browser gives a server six.
// htmx's SSE extension opens and reopens streams with fetch(); this module answers the fetches
// for the staff streams from the worker, as a Response whose body is the stream's frames. Where
// there is no SharedWorker or Web Locks (some phones), or the worker does not answer, the page
// fetches as before. Loaded before htmx starts (module scripts run before DOMContentLoaded).

const SHARED_PATHS = new Set(['/desk/stream', '/staff/stream']);
/** How long a page waits for the worker before opening its own connection. */
const WORKER_PATIENCE_MS = 5000;
// Named for the message protocol: a page and a worker of different versions never meet.
const WORKER_NAME = 'lineup-streams-1';

const nativeFetch = window.fetch.bind(window);
const port = connectWorker();

/**
 * @typedef {{ status(code: number): void, chunk(text: string): void, end(): void, fallback(): void }} PageStream
 * @type {Map<number, PageStream>}
 */
const streams = new Map();
let lastStream = 0;
const tab = crypto.randomUUID();
const encoder = new TextEncoder();

function connectWorker() {
  if (typeof SharedWorker !== 'function' || !navigator.locks || !document.body?.classList.contains('staff')) return null;
  try {
    const worker = new SharedWorker('/static/js/stream-worker.js', { name: WORKER_NAME });
    worker.port.onmessage = (event) => {
      const stream = streams.get(event.data?.stream);
      if (!stream) return;
      if (event.data.type === 'status') stream.status(event.data.status);
      else if (event.data.type === 'chunk') stream.chunk(event.data.text);
      else if (event.data.type === 'end') stream.end();
      else if (event.data.type === 'fallback') stream.fallback();
    };
    worker.port.start();
    return worker.port;
  } catch {
    return null;
  }
}

// The page holds a lock for as long as it lives; the worker waits on the same lock, so it learns
// that the page went however it went (closed, reloaded, crashed). The worker hears of the page
// only once the lock is held, so it cannot get the lock first.
const ready = port ? new Promise((held) => {
  navigator.locks.request(`lineup-tab:${tab}`, () => { held(undefined); return new Promise(() => {}); });
}).then(() => port.postMessage({ type: 'hello', tab })) : null;

/** @type {typeof fetch} */
const sharedFetch = (input, init) => {
  if (!port || !ready) return nativeFetch(input, init);
  const url = new URL(input instanceof Request ? input.url : String(input), location.href);
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  if (method !== 'GET' || url.origin !== location.origin || !SHARED_PATHS.has(url.pathname)) return nativeFetch(input, init);
  return throughWorker(url, init ?? {}, () => nativeFetch(input, init));
};
window.fetch = sharedFetch;

/**
 * @param {URL} url @param {RequestInit} init @param {() => Promise<Response>} ownConnection
 * @returns {Promise<Response>}
 */
function throughWorker(url, init, ownConnection) {
  const id = ++lastStream;
  const headers = /** @type {Record<string, string>} */ (init.headers ?? {});
  const cursor = headers['Last-Event-ID'] ?? headers['last-event-id'] ?? url.searchParams.get('after');
  const signal = init.signal;
  return new Promise((resolve, reject) => {
    /** @type {ReadableStreamDefaultController<Uint8Array>} */
    let body;
    const readable = new ReadableStream({
      start(controller) { body = controller; },
      cancel() { forget(); },
    });
    const forget = () => {
      if (!streams.delete(id)) return;
      clearTimeout(patience);
      port?.postMessage({ type: 'close', tab, stream: id });
    };
    const aborted = () => {
      forget();
      try { body.error(new DOMException('Aborted', 'AbortError')); } catch { /* already closed */ }
      reject(new DOMException('Aborted', 'AbortError'));
    };
    if (signal?.aborted) { aborted(); return; }
    signal?.addEventListener('abort', aborted, { once: true });
    const onOwn = () => { forget(); resolve(ownConnection()); };
    const patience = setTimeout(onOwn, WORKER_PATIENCE_MS);
    streams.set(id, {
      status(code) {
        clearTimeout(patience);
        if (code === 200) { resolve(new Response(readable, { status: 200, headers: { 'Content-Type': 'text/event-stream' } })); return; }
        forget();
        // As fetch itself: a server that cannot be reached is an error, a refusal is a response.
        if (code === 0) reject(new TypeError('Failed to fetch'));
        else resolve(new Response('', { status: code }));
      },
      chunk(text) { try { body.enqueue(encoder.encode(text)); } catch { forget(); } },
      end() { forget(); try { body.close(); } catch { /* already closed */ } },
      fallback: onOwn,
    });
    void ready?.then(() => port?.postMessage({ type: 'open', tab, stream: id, path: url.pathname, url: url.pathname + url.search, cursor }));
  });
}
