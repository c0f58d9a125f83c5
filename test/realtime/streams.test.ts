import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { postMessage } from '../../src/chat/messages.ts';
import { openTicket } from '../../src/line/tickets.ts';
import { latestEventId } from '../../src/realtime/events.ts';
import { makeTestApp } from '../helpers/app.ts';

async function readUntil(reader: ReadableStreamDefaultReader<Uint8Array>, needle: string, ms = 2000): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  while (!text.includes(needle)) {
    const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), Math.max(1, deadline - Date.now())))]);
    if (!chunk || chunk.done) throw new Error(`"${needle}" not seen in:\n${text}`);
    text += decoder.decode(chunk.value, { stream: true });
  }
  return text;
}

describe('event streams', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  function openVisitorStream(token: string, cursor: number, signal?: AbortSignal) {
    return t.app.request(`/t/${token}/stream?after=${cursor}`, { signal });
  }

  it('cleans up a dropped connection: the count of open streams returns to zero', async () => {
    const { token } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    const before = t.streams.count;
    const controllers = [new AbortController(), new AbortController(), new AbortController()];
    const responses = await Promise.all(controllers.map((c) => openVisitorStream(token, latestEventId(t.deps.db), c.signal)));
    expect(t.streams.count).toBe(before + 3);
    await responses[0]!.body!.cancel();
    controllers[1]!.abort();
    await responses[2]!.body!.getReader().cancel();
    await new Promise((r) => setTimeout(r, 20));
    expect(t.streams.count).toBe(before);
  });

  it("doesn't let a stalled page delay anyone else, and drops it once it falls too far behind", async () => {
    const { token, ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    const cursor = latestEventId(t.deps.db);
    const stalled = await openVisitorStream(token, cursor); // never read
    const live = (await openVisitorStream(token, cursor)).body!.getReader();
    // A healthy page reads continuously.
    let received = '';
    const decoder = new TextDecoder();
    const reading = (async () => {
      for (;;) {
        const { done, value } = await live.read();
        if (done) return;
        received += decoder.decode(value, { stream: true });
      }
    })();
    const big = 'x'.repeat(3900);
    const started = performance.now();
    for (let i = 0; i < 400; i++) {
      postMessage(t.deps, ticketId, { kind: 'visitor' }, `${i} ${big}`);
      if (i % 20 === 0) await new Promise((r) => setImmediate(r)); // let the healthy page read
    }
    const elapsed = performance.now() - started;
    for (let waited = 0; !received.includes('399 xxx') && waited < 5000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    expect(received).toContain('399 xxx');
    // ~1.6 MB queued for the stalled page: past the limit, so it was closed rather than buffered forever.
    expect(elapsed).toBeLessThan(5000);
    expect(t.streams.count).toBe(1);
    await live.cancel();
    await reading;
    await stalled.body!.cancel().catch(() => {});
  });

  it('caps the streams one address may hold, with a clear refusal', async () => {
    const { token } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    const limit = t.deps.config.streamsPerAddress;
    const before = t.streams.count;
    const held = [];
    for (let i = before; i < limit; i++) held.push(await openVisitorStream(token, latestEventId(t.deps.db)));
    const refused = await openVisitorStream(token, latestEventId(t.deps.db));
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain('Too many live pages are open from your address.');
    await held[0]!.body!.cancel();
    await new Promise((r) => setTimeout(r, 10));
    const again = await openVisitorStream(token, latestEventId(t.deps.db));
    expect(again.status).toBe(200);
    for (const res of [...held.slice(1), again]) await res.body!.cancel();
  });

  it("moves a page's cursor past events it showed nothing for, with the next keep-alive", async () => {
    t.streams.setHeartbeatInterval(40);
    try {
      const vera = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
      const reader = (await openVisitorStream(vera.token, latestEventId(t.deps.db))).body!.getReader();
      await readUntil(reader, 'retry:');
      await readUntil(reader, 'id="staffed"'); // whether anyone is available, told to every page that opens
      openTicket(t.deps, { name: 'Walt', problem: 'Help' }); // joins behind Vera: nothing changes on her page
      const latest = latestEventId(t.deps.db);
      const text = await readUntil(reader, `id: ${latest}`);
      expect(text).not.toContain('data:');
      await reader.cancel();
    } finally {
      t.streams.setHeartbeatInterval(15_000);
    }
  });

  it('sends keep-alive comment lines on an idle stream', async () => {
    t.streams.setHeartbeatInterval(30);
    try {
      const { token } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
      const reader = (await openVisitorStream(token, latestEventId(t.deps.db))).body!.getReader();
      const text = await readUntil(reader, ': keep-alive');
      expect(text).toMatch(/^: keep-alive$/m);
      await reader.cancel();
    } finally {
      t.streams.setHeartbeatInterval(15_000);
    }
  });

  it('sends a heartbeat-ready stream: an id right away, then events with increasing ids', async () => {
    const { token, ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    const cursor = latestEventId(t.deps.db);
    const reader = (await openVisitorStream(token, cursor)).body!.getReader();
    const opening = await readUntil(reader, `id: ${cursor}`);
    expect(opening).toContain('retry: 1000');
    postMessage(t.deps, ticketId, { kind: 'visitor' }, 'first');
    postMessage(t.deps, ticketId, { kind: 'visitor' }, 'second');
    const text = await readUntil(reader, 'second');
    const ids = [...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]));
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(ids.length);
    await reader.cancel();
  });
});

describe('event retention', () => {
  it('prunes old events, and a page whose cursor is older than what is kept gets a reset', async () => {
    const { pruneEvents, EVENT_RETENTION_MS } = await import('../../src/realtime/retention.ts');
    const t = makeTestApp();
    try {
      const { token, ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
      const oldCursor = latestEventId(t.deps.db);
      postMessage(t.deps, ticketId, { kind: 'visitor' }, 'old news');
      t.clock.advance(EVENT_RETENTION_MS + 1);
      postMessage(t.deps, ticketId, { kind: 'visitor' }, 'fresh');
      expect(pruneEvents(t.deps)).toBe(2);
      const reader = (await t.app.request(`/t/${token}/stream?after=${oldCursor}`)).body!.getReader();
      const text = await readUntil(reader, 'fresh');
      expect(text).toContain('event: lineup:reset');
      expect(text).toContain('old news'); // in the snapshot: nothing is lost, only the replay
      await reader.cancel();
    } finally {
      t.close();
    }
  });
});

describe('events from elsewhere and long absences', () => {
  let t: ReturnType<typeof makeTestApp>;
  beforeEach(() => { t = makeTestApp(); });
  afterEach(() => t.close());

  function reader(res: Response) {
    const r = res.body!.getReader();
    const decoder = new TextDecoder();
    const state = { text: '', done: false };
    void (async () => {
      for (;;) {
        const { done, value } = await r.read().catch(() => ({ done: true, value: undefined }));
        if (done) { state.done = true; return; }
        state.text += decoder.decode(value, { stream: true });
      }
    })();
    return { state, cancel: () => r.cancel() };
  }
  const until = async (check: () => boolean) => {
    for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
    expect(check()).toBe(true);
  };

  it('answers a page that missed too much with a snapshot, and keeps it subscribed', async () => {
    const { token, ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    const cursor = latestEventId(t.deps.db);
    for (let i = 0; i < 200; i++) postMessage(t.deps, ticketId, { kind: 'visitor' }, `${i} ${'x'.repeat(3900)}`);
    const before = t.streams.count;
    const page = reader(await t.app.request(`/t/${token}/stream?after=${cursor}`));
    await until(() => page.state.text.includes('199 xxx'));
    expect(page.state.text).toContain('event: lineup:reset');
    expect(t.streams.count).toBe(before + 1);
    postMessage(t.deps, ticketId, { kind: 'visitor' }, 'still listening');
    await until(() => page.state.text.includes('still listening'));
    await page.cancel();
  });

  it('publishes what another process wrote, in order, and never twice to a page that replayed it', async () => {
    const { token, ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
    const cursor = latestEventId(t.deps.db);
    // Another process: same database, its own hub that nobody here listens to.
    const { Hub } = await import('../../src/realtime/hub.ts');
    const other = { ...t.deps, hub: new Hub() };
    postMessage(other, ticketId, { kind: 'visitor' }, 'written elsewhere');
    const replayed = reader(await t.app.request(`/t/${token}/stream?after=${cursor}`));
    const live = reader(await t.app.request(`/t/${token}/stream?after=${latestEventId(t.deps.db)}`));
    const early = reader(await t.app.request(`/t/${token}/stream?after=${cursor}`));
    await until(() => replayed.state.text.includes('written elsewhere'));
    postMessage(other, ticketId, { kind: 'visitor' }, 'also elsewhere');
    postMessage(t.deps, ticketId, { kind: 'visitor' }, 'written here');
    for (const page of [replayed, early]) {
      await until(() => page.state.text.includes('written here'));
      const text = page.state.text;
      expect(text.split('written elsewhere').length - 1).toBe(1);
      expect(text.indexOf('written elsewhere')).toBeLessThan(text.indexOf('also elsewhere'));
      expect(text.indexOf('also elsewhere')).toBeLessThan(text.indexOf('written here'));
    }
    await until(() => live.state.text.includes('written here'));
    expect(live.state.text).toContain('also elsewhere');
    expect(live.state.text).not.toContain('written elsewhere');
    for (const page of [replayed, live, early]) await page.cancel();
  });
});

describe('a HEAD request on a stream', () => {
  it('is answered without subscribing or marking anyone online', async () => {
    const t = makeTestApp();
    try {
      const { token, ticketId } = openTicket(t.deps, { name: 'Vera', problem: 'Help' });
      const before = t.streams.count;
      const res = await t.app.request(`/t/${token}/stream`, { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toContain('text/event-stream');
      expect(t.streams.count).toBe(before);
      const { ticketById } = await import('../../src/line/tickets.ts');
      expect(ticketById(t.deps.db, ticketId).visitorOnline).toBe(false);
      expect((await t.app.request('/stream/intake', { method: 'HEAD' })).status).toBe(200);
      expect(t.streams.count).toBe(before);
    } finally {
      t.close();
    }
  });
});
