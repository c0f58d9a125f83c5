export interface SseFrame { id: string | null; event: string | null; data: string }

/** A plain SSE reader over real HTTP, for checking exactly what a page would receive. */
export class SseClient {
  frames: SseFrame[] = [];
  lastEventId: string | null = null;
  private controller = new AbortController();
  private waiters: Array<() => void> = [];
  closed: Promise<void>;
  status = 0;

  private constructor() { this.closed = Promise.resolve(); }

  static async open(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
    const client = new SseClient();
    let ready!: (status: number) => void;
    const opened = new Promise<number>((r) => { ready = r; });
    client.closed = (async () => {
      const res = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers }, signal: client.controller.signal });
      client.status = res.status;
      ready(res.status);
      if (!res.ok || !res.body) return;
      const decoder = new TextDecoder();
      let buffer = '';
      let current: SseFrame = { id: null, event: null, data: '' };
      let hasData = false;
      try {
        for await (const chunk of res.body) {
          buffer += decoder.decode(chunk as Uint8Array, { stream: true });
          const lines = buffer.split('\n');
          buffer = lines.pop() ?? '';
          for (const line of lines) {
            if (line === '') {
              if (hasData || current.event || current.id !== null) {
                if (current.id !== null) client.lastEventId = current.id;
                client.frames.push(current);
                client.waiters.splice(0).forEach((w) => w());
              }
              current = { id: null, event: null, data: '' };
              hasData = false;
            } else if (line.startsWith(':')) {
              continue;
            } else {
              const i = line.indexOf(':');
              const field = i < 0 ? line : line.slice(0, i);
              const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
              if (field === 'data') { current.data += (hasData ? '\n' : '') + value; hasData = true; }
              if (field === 'id') current.id = value;
              if (field === 'event') current.event = value;
            }
          }
        }
      } catch { /* aborted */ }
    })().catch(() => ready(0));
    await opened;
    return client;
  }

  /** Waits until some frame satisfies the predicate (or fails after `ms`). */
  async waitFor(predicate: (frames: SseFrame[]) => boolean, ms = 5000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!predicate(this.frames)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; frames:\n${this.frames.map((f) => `${f.id} ${f.event} ${f.data.slice(0, 200)}`).join('\n')}`);
      await new Promise<void>((resolve) => { const t = setTimeout(resolve, left); this.waiters.push(() => { clearTimeout(t); resolve(); }); });
    }
  }

  get data(): string { return this.frames.map((f) => f.data).join('\n'); }

  close() { this.controller.abort(); }
}

/**
 * Reads a streaming response (an in-process SSE stream) for at most `ms`, or until `needle` shows
 * up, and returns what arrived; the stream stays open for the next read.
 */
export async function readStream(res: Response, ms: number, needle?: string): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const deadline = Date.now() + ms;
  try {
    while (!needle || !text.includes(needle)) {
      const chunk = await Promise.race([reader.read(), new Promise<null>((r) => setTimeout(() => r(null), Math.max(1, deadline - Date.now())))]);
      if (!chunk || chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
    return text;
  } finally {
    reader.releaseLock();
  }
}
