import type { ServerResponse } from 'node:http';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';

/**
 * Where a stream's bytes go. On a real server they are written straight to the socket's
 * response, gathered per event-loop turn so a burst of events costs one write per page; in an
 * in-process request (tests) they go through a web ReadableStream.
 */
export interface Sink {
  write(bytes: Uint8Array): void;
  /** Bytes written but not yet taken by the client. */
  queued(): number;
  end(): void;
  /** The Response to hand back to Hono. */
  response: Response;
}

export const SSE_HEADERS = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  'X-Accel-Buffering': 'no',
  'X-Content-Type-Options': 'nosniff',
};


const dirty = new Set<NodeSink>();
let flushScheduled = false;
function flushAll() {
  flushScheduled = false;
  for (const sink of dirty) sink.flush();
  dirty.clear();
}

class NodeSink implements Sink {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private ended = false;
  // Tells @hono/node-server that this response was written directly.
  readonly response = RESPONSE_ALREADY_SENT;

  constructor(private out: ServerResponse, onClose: () => void) {
    out.writeHead(200, SSE_HEADERS);
    out.flushHeaders();
    out.on('close', onClose);
  }

  write(bytes: Uint8Array) {
    if (this.ended) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    dirty.add(this);
    if (!flushScheduled) { flushScheduled = true; setImmediate(flushAll); }
  }

  flush() {
    if (!this.pending.length || this.ended) return;
    const chunk = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    this.out.write(chunk);
  }

  queued() { return this.out.writableLength + this.pendingBytes; }

  end() {
    if (this.ended) return;
    this.flush();
    this.ended = true;
    dirty.delete(this);
    this.out.end();
  }
}

class WebSink implements Sink {
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private ended = false;
  readonly response: Response;

  constructor(onClose: () => void, signal: AbortSignal) {
    const body = new ReadableStream<Uint8Array>({
      start: (c) => { this.controller = c; },
      cancel: () => onClose(),
    }, new ByteLengthQueuingStrategy({ highWaterMark: 0 }));
    this.response = new Response(body, { headers: SSE_HEADERS });
    if (signal.aborted) queueMicrotask(onClose);
    else signal.addEventListener('abort', onClose, { once: true });
  }

  write(bytes: Uint8Array) { if (!this.ended) this.controller.enqueue(bytes); }
  queued() { return -(this.controller.desiredSize ?? 0); }
  end() {
    if (this.ended) return;
    this.ended = true;
    try { this.controller.close(); } catch { /* the client already went */ }
  }
}

/** A sink for this request: the Node response when there is one, a web stream otherwise. */
export function sinkFor(outgoing: ServerResponse | undefined, signal: AbortSignal, onClose: () => void): Sink {
  return outgoing ? new NodeSink(outgoing, onClose) : new WebSink(onClose, signal);
}
