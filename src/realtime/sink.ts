import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';

/**
 * Where a stream's bytes go. On a real server they are written straight to the socket's
 * response, gathered per event-loop turn so a burst of events costs one write per page; in an
 * in-process request (tests) they go through a web ReadableStream.
 */
export interface Sink {
  /** `urgent` frames (a new message) go out this turn; others may wait up to BULK_DELAY_MS. */
  write(bytes: Uint8Array, urgent?: boolean): void;
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

/**
 * Updates for everyone (the line, the team) may wait this long, so that a page getting several
 * of them gets one write; a new message never waits.
 */
const BULK_DELAY_MS = 50;
/**
 * Pages written per turn: a fan-out to thousands yields to I/O between slices, so a message is
 * not held up. A write to a page costs 20-80 µs under load (loopback TCP included), so a slice
 * blocks the loop for a few milliseconds at most.
 */
const SLICE = 64;

/**
 * When the sinks of one app write: urgent frames this turn, bulk frames after the gathering
 * delay, a fan-out in slices. Owned by the app's EventStreams.
 */
export class SinkScheduler {
  readonly urgent = new Set<NodeSink>();
  readonly bulk = new Set<NodeSink>();
  private urgentScheduled = false;
  private bulkTimer: NodeJS.Timeout | null = null;
  /** A round of bulk writes is going out slice by slice (no new gathering delay until it is done). */
  private bulkSlicing = false;
  /** The last frame framed as a chunk: a fan-out writes the same frame to page after page. */
  private framedFrom: Uint8Array | null = null;
  private framed: Buffer = Buffer.alloc(0);

  /** A sink for this request: the Node response when there is one, a web stream otherwise. */
  sinkFor(outgoing: ServerResponse | undefined, signal: AbortSignal, onClose: () => void): Sink {
    return outgoing ? new NodeSink(this, outgoing, onClose) : new WebSink(onClose, signal);
  }

  private flushSlice(from: Set<NodeSink>): boolean {
    let n = 0;
    for (const sink of from) {
      from.delete(sink);
      this.bulk.delete(sink);
      sink.flush();
      if (++n >= SLICE) return from.size > 0;
    }
    return false;
  }

  private flushUrgent = () => {
    this.urgentScheduled = false;
    if (this.flushSlice(this.urgent)) this.scheduleUrgent(true);
  };

  private flushBulk = () => {
    this.bulkTimer = null;
    this.bulkSlicing = this.flushSlice(this.bulk);
    if (this.bulkSlicing) setImmediate(this.flushBulk);
  };

  /**
   * The first slice goes out as soon as the work that wrote it is done (a commit publishing a
   * message), not a turn of the event loop later; a fan-out larger than a slice yields between
   * slices so it does not hold up what arrives meanwhile.
   */
  scheduleUrgent(yieldFirst = false) {
    if (this.urgentScheduled) return;
    this.urgentScheduled = true;
    if (yieldFirst) setImmediate(this.flushUrgent);
    else process.nextTick(this.flushUrgent);
  }

  /** Bulk frames wait for the gathering delay (or the round going out now). */
  scheduleBulk(sink: NodeSink) {
    this.bulk.add(sink);
    if (!this.bulkSlicing) this.bulkTimer ??= setTimeout(this.flushBulk, BULK_DELAY_MS);
  }

  /** Bytes as one HTTP/1.1 chunk (their size in hex, the bytes, a line end), framed once for a fan-out. */
  asChunk(bytes: Uint8Array): Buffer {
    if (bytes !== this.framedFrom) {
      this.framedFrom = bytes;
      this.framed = chunkOf([bytes], bytes.length);
    }
    return this.framed;
  }
}

const CRLF = Buffer.from('\r\n');

/** Several pieces as one HTTP/1.1 chunk, in the one copy that joins them. */
function chunkOf(pieces: Uint8Array[], size: number): Buffer {
  const head = Buffer.from(`${size.toString(16)}\r\n`, 'latin1');
  return Buffer.concat([head, ...pieces, CRLF], head.length + size + 2);
}

class NodeSink implements Sink {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private ended = false;
  /**
   * Where frames are written: the connection itself once the headers are on it. Node's response
   * would cork the socket, queue a tick to uncork it and write each chunk as four pieces (size,
   * line end, bytes, line end); a fan-out to thousands of pages paid that once per page.
   */
  private socket: Socket | null;
  /** Whether the body is framed in HTTP/1.1 chunks (an HTTP/1.0 client reads until the end). */
  private chunked: boolean;
  // Tells @hono/node-server that this response was written directly.
  readonly response = RESPONSE_ALREADY_SENT;

  constructor(private scheduler: SinkScheduler, private out: ServerResponse, onClose: () => void) {
    out.writeHead(200, SSE_HEADERS);
    out.flushHeaders();
    out.on('close', onClose);
    // Only when nothing of the response waits outside the socket (it has its connection to itself).
    const socket = out.socket;
    this.socket = socket && out.writableLength === socket.writableLength ? socket : null;
    this.chunked = out.chunkedEncoding;
  }

  write(bytes: Uint8Array, isUrgent = true) {
    if (this.ended) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (isUrgent) {
      this.scheduler.urgent.add(this);
      this.scheduler.scheduleUrgent();
    } else if (!this.scheduler.urgent.has(this)) {
      this.scheduler.scheduleBulk(this);
    }
  }

  flush() {
    if (!this.pending.length || this.ended) return;
    const pieces = this.pending;
    const size = this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    const joined = () => (pieces.length === 1 ? pieces[0]! : Buffer.concat(pieces, size));
    if (!this.socket) this.out.write(joined());
    else if (!this.socket.writable) return;
    else if (!this.chunked) this.socket.write(joined());
    // A fan-out hands every page the same single frame: it is framed once and shared, not copied per page.
    else if (pieces.length === 1) this.socket.write(this.scheduler.asChunk(pieces[0]!));
    // Several frames for this page alone (its opening, a burst): joined and framed in one copy, not
    // joined and then copied again to frame. Opening 7,300 pages copied about 1 GiB less.
    else this.socket.write(chunkOf(pieces, size));
  }

  queued() { return (this.socket ? this.socket.writableLength : this.out.writableLength) + this.pendingBytes; }

  end() {
    if (this.ended) return;
    this.flush();
    this.ended = true;
    this.scheduler.urgent.delete(this);
    this.scheduler.bulk.delete(this);
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
