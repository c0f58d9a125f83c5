// @ts-check
// One browser, one connection per staff stream: every Lineup tab of a browser reads the desk's
// stream (and the quiet stream of the other staff pages) through this SharedWorker, so any
// number of tabs works over plain HTTP/1.1, where a browser opens at most six connections to a
// server and a seventh tab would never load. Pages reach it through shared-stream.js.
//
// The worker holds one upstream per stream path. A tab joins with the cursor its page was drawn
// at: frames after it that the upstream already read are replayed from a small buffer, later ones
// are passed on as they come, each frame at most once per tab. A tab whose cursor is older than
// the buffer reaches is told to open its own connection. A tab that goes away (closed, reloaded,
// crashed) releases a Web Lock it holds, and the worker drops it; an upstream nobody reads is
// closed after a moment, so the server sees the supporter leave a page as before.

/** Frames kept for tabs that join late (a desk page is drawn, then its scripts start). */
const BUFFER_FRAMES = 2000;
/** An upstream nobody reads is kept this long: a reload of the only tab does not reconnect. */
const LINGER_MS = 3000;

/**
 * @typedef {{ tab: string, stream: number, port: MessagePort, cursor: number | null, waiting: boolean }} Sub
 * @typedef {{
 *   path: string, url: string, lastId: string | null, coversFrom: number | null, hadReset: boolean,
 *   buffer: Array<{ id: number | null, text: string }>, subs: Map<string, Sub>,
 *   state: 'idle' | 'connecting' | 'open', abort: AbortController | null, linger: ReturnType<typeof setTimeout> | null,
 * }} Upstream
 */

/** @type {Map<string, Upstream>} */
const upstreams = new Map();

const scope = /** @type {any} */ (self);
scope.onconnect = (/** @type {MessageEvent} */ event) => {
  const port = event.ports[0];
  if (!port) return;
  port.onmessage = (/** @type {MessageEvent} */ message) => receive(port, message.data);
  port.start();
};

/** @param {MessagePort} port @param {any} message */
function receive(port, message) {
  if (message?.type === 'hello' && typeof message.tab === 'string') {
    // Granted once the tab's own lock is released: the tab is gone, however it went.
    navigator.locks.request(`lineup-tab:${message.tab}`, () => dropTab(message.tab));
  } else if (message?.type === 'open') join(port, message);
  else if (message?.type === 'close') closeStream(`${message.tab}:${message.stream}`);
}

/** @param {MessagePort} port @param {{ tab: string, stream: number, path: string, url: string, cursor: string | null }} message */
function join(port, message) {
  const key = `${message.tab}:${message.stream}`;
  let cursor = message.cursor !== null && /^\d+$/.test(message.cursor) ? Number(message.cursor) : null;
  let up = upstreams.get(message.path);
  // A cursor past everything since the server rebuilt its pages (it lost events: a restore) is
  // stale: the tab gets the rebuild too, from the start of the buffer.
  const stale = Boolean(up?.hadReset && cursor !== null && up.lastId !== null && cursor > Number(up.lastId));
  if (up && !stale && cursor !== null && up.coversFrom !== null && cursor < up.coversFrom) {
    // Older than what the buffer holds: this tab reads on its own connection.
    port.postMessage({ type: 'fallback', stream: message.stream });
    return;
  }
  if (!up) {
    up = { path: message.path, url: message.url, lastId: null, coversFrom: cursor, hadReset: false, buffer: [], subs: new Map(), state: 'idle', abort: null, linger: null };
    upstreams.set(message.path, up);
  }
  if (up.linger) { clearTimeout(up.linger); up.linger = null; }
  // A tab without a cursor wants what comes from now on; a stale one, everything since the rebuild.
  if (stale) cursor = null;
  else cursor ??= up.lastId === null ? null : Number(up.lastId);
  const sub = { tab: message.tab, stream: message.stream, port, cursor, waiting: true };
  up.subs.set(key, sub);
  if (up.state === 'open') start(sub, up);
  else if (up.state === 'idle') void connect(up);
}

/** Tells a tab its stream is open and replays what it has not seen. @param {Sub} sub @param {Upstream} up */
function start(sub, up) {
  sub.waiting = false;
  sub.port.postMessage({ type: 'status', stream: sub.stream, status: 200 });
  const fresh = sub.cursor === null;
  for (const frame of up.buffer) {
    // The rebuild's announcement (no id) goes only to a tab that takes the rebuild.
    if (frame.id !== null) pass(sub, frame.id, frame.text);
    else if (fresh) sub.port.postMessage({ type: 'chunk', stream: sub.stream, text: frame.text });
  }
}

/** @param {Sub} sub @param {number | null} id @param {string} text */
function pass(sub, id, text) {
  if (sub.waiting) return;
  if (id !== null) {
    if (sub.cursor !== null && id <= sub.cursor) return;
    sub.cursor = id;
  }
  sub.port.postMessage({ type: 'chunk', stream: sub.stream, text });
}

/** @param {Upstream} up */
async function connect(up) {
  up.state = 'connecting';
  const abort = new AbortController();
  up.abort = abort;
  /** @type {Record<string, string>} */
  const headers = { Accept: 'text/event-stream' };
  if (up.lastId !== null) headers['Last-Event-ID'] = up.lastId;
  let response;
  try {
    // A redirect is never a stream (a signed-out page would be sent to the sign-in page).
    response = await fetch(up.url, { headers, signal: abort.signal, credentials: 'same-origin', cache: 'no-store', redirect: 'manual' });
  } catch {
    ended(up, 0);
    return;
  }
  if (!response.ok || !response.body || !response.headers.get('Content-Type')?.includes('text/event-stream')) {
    // Signed out, or refused: every tab hears the answer itself (a 401 takes it to the sign-in page).
    ended(up, response.type === 'opaqueredirect' ? 401 : response.ok ? 502 : response.status);
    return;
  }
  up.state = 'open';
  for (const sub of up.subs.values()) if (sub.waiting) start(sub, up);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let pending = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      pending += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let end;
      while ((end = pending.indexOf('\n\n')) >= 0) {
        const text = pending.slice(0, end + 2);
        pending = pending.slice(end + 2);
        frame(up, text);
      }
    }
  } catch { /* aborted, or the network went */ }
  ended(up, 0);
}

/** One complete frame from the upstream. @param {Upstream} up @param {string} text */
function frame(up, text) {
  const idLine = /^id:\s?(\d+)$/m.exec(text);
  const id = idLine ? Number(idLine[1]) : null;
  if (/^event:\s?lineup:reset$/m.test(text)) {
    // The server rebuilds the page from scratch (the snapshot follows, under an id that may be
    // lower than any before): every tab takes it, and nothing older can be replayed to a newcomer.
    up.buffer = [{ id: null, text }];
    up.coversFrom = null;
    up.hadReset = true;
    for (const sub of up.subs.values()) sub.cursor = null;
  }
  if (id !== null) {
    up.lastId = String(id);
    up.coversFrom ??= id;
    up.buffer.push({ id, text });
    if (up.buffer.length > BUFFER_FRAMES) {
      const dropped = up.buffer.shift();
      if (dropped?.id != null) up.coversFrom = dropped.id;
    }
  }
  if (!/^(data|event|id):/m.test(text)) return; // a comment (heartbeat) only
  for (const sub of up.subs.values()) pass(sub, id, text);
}

/**
 * The upstream is closed. Tabs reconnect by themselves (each with its own Last-Event-ID) and the
 * next open reconnects it from where it stopped; a refusal goes to the tabs waiting for it.
 * @param {Upstream} up @param {number} status
 */
function ended(up, status) {
  if (upstreams.get(up.path) !== up) return; // closed because nobody read it
  up.state = 'idle';
  up.abort = null;
  // A tab still waiting gets the answer (0: the server could not be reached); an open one, the end.
  for (const sub of up.subs.values()) {
    sub.port.postMessage(sub.waiting ? { type: 'status', stream: sub.stream, status } : { type: 'end', stream: sub.stream });
  }
  up.subs.clear();
  if (status === 401 || status === 403) upstreams.delete(up.path);
  else idle(up);
}

/** @param {string} key */
function closeStream(key) {
  for (const up of upstreams.values()) if (up.subs.delete(key)) idle(up);
}

/** @param {string} tab */
function dropTab(tab) {
  for (const up of upstreams.values()) {
    for (const [key, sub] of up.subs) if (sub.tab === tab) up.subs.delete(key);
    idle(up);
  }
}

/** An upstream nobody reads closes after LINGER_MS (the server then sees that page go). @param {Upstream} up */
function idle(up) {
  if (up.subs.size || up.linger) return;
  up.linger = setTimeout(() => {
    up.linger = null;
    if (up.subs.size || upstreams.get(up.path) !== up) return;
    upstreams.delete(up.path);
    up.abort?.abort();
  }, LINGER_MS);
}
