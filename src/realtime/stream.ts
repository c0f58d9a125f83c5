import type { ServerResponse } from 'node:http';
import type { Deps } from '../lib/deps.ts';
import { SinkScheduler, SSE_HEADERS } from './sink.ts';
import { consistentRead, eventsSince, latestEventId, oldestEventId, type LineupEvent } from './events.ts';
import { DELIVERY } from './catalogue.ts';
import { t, type Lang } from '../i18n/index.ts';
import type { Subscriber } from './hub.ts';
import type { Drawn, Signal } from './signals.ts';
import { log } from '../lib/log.ts';

/** A page further behind than this many events gets a fresh snapshot instead of a replay. */
export const MAX_REPLAY_WINDOW = 50_000;

/** Whether a page gets this event without any gathering delay (see DELIVERY). */
function isUrgent(event: LineupEvent, addressed: boolean): boolean {
  const { urgency } = DELIVERY[event.type];
  return urgency === 'now' || (addressed && urgency === 'now where addressed');
}

/** The event names this page's ticket or supporter (rather than reaching it through a topic). */
function addressedTo(event: LineupEvent, subscription: StreamOptions['subscription']): boolean {
  return (event.ticketId !== null && event.ticketId === subscription.ticketId)
    || (event.supporterId !== null && event.supporterId === subscription.supporterId);
}

/** Bytes a stalled page may have queued before we drop it; it reconnects and replays. */
const MAX_QUEUED_BYTES = 1 << 20;

export interface StreamOptions {
  subscription: Omit<Subscriber, 'deliver'>;
  /** The cursor the page was rendered at, or the Last-Event-ID of a reconnect. */
  cursor: string | undefined | null;
  /**
   * HTML for one event as this page should see it, or HTML and signals (named events for the
   * page's scripts), or null when it shows nothing.
   */
  render(event: LineupEvent): string | Drawn | null;
  /**
   * Pages of one audience show an event that reaches them through a topic alone (not addressed
   * to their ticket or supporter) exactly alike: it is rendered and encoded once for all of them,
   * so a change to the line costs each of a thousand desks a lookup, not a rendering.
   */
  audience?: string;
  /** Partials that rebuild every live region of the page from current state. */
  snapshot(): string;
  /** Ends the stream after this event (for example, the viewer's account was disabled). */
  endsWith?(event: LineupEvent): boolean;
  /** The request: its signal ends the stream when the client goes (in-process requests). */
  request: Request;
  /** The reader's language, for a refusal. */
  lang?: Lang;
  /** The Node response, when served by a real server: bytes are written to it directly. */
  outgoing?: ServerResponse;
  /** Where the page connects from: one address may hold only so many streams. */
  address: string;
  /**
   * Called once the page follows live events, with a way to push frames that are not events
   * (no id, never replayed): state such as a place in line, or a named event for the page script.
   */
  onOpen?(push: (html: string, event?: string) => void): void;
  onClose?(): void;
}

interface OpenStream {
  /** Which kind of page holds it (for /metrics), from its address. */
  kind: StreamKind;
  write(chunk: string | Uint8Array, urgent?: boolean): void;
  /** When something was last written to this page (for keep-alives). */
  lastWriteAt: number;
  close(): void;
  /** The id to send with the next keep-alive, when events since the last frame showed nothing here. */
  pendingId(): number | null;
}

/** What one event puts on a page's wire, and whether it goes without delay (null: nothing to show). */
type SharedFrame = { bytes: Uint8Array; urgent: boolean } | null;

const encoder = new TextEncoder();

/**
 * The open event streams of one app: the pages, how many each address holds, the keep-alive
 * timer and the frames shared between pages. Each app owns one (two apps in one process, as in
 * tests, share nothing).
 */
export type StreamKind = 'desk' | 'staff' | 'visitor' | 'intake';

/** The kind of page a stream's address belongs to: a desk, another staff page, a ticket page (or the widget's), an intake. */
function kindOf(path: string): StreamKind {
  if (path.startsWith('/desk/')) return 'desk';
  if (path.startsWith('/staff/')) return 'staff';
  if (path.startsWith('/t/') || /^\/w\/[^/]+\/t\//.test(path)) return 'visitor';
  return 'intake';
}

export class EventStreams {
  private open = new Set<OpenStream>();
  private perAddress = new Map<string, number>();
  private heartbeat: NodeJS.Timeout | null = null;
  private heartbeatMs = 15_000;
  private sinks = new SinkScheduler();
  // The hub hands one event to every subscriber before the next, so frames are encoded once per
  // event and audience (the same text), not once per page.
  private encodedFor = -1;
  private encoded = new Map<string, Uint8Array>();
  private sharedFor: LineupEvent | null = null;
  private shared = new Map<string, SharedFrame>();

  constructor(private deps: Deps) {}

  /** How many SSE streams this app holds open right now. */
  get count(): number {
    return this.open.size;
  }

  /** The open streams by kind of page (for /metrics): one pass over them, at a scrape. */
  countsByKind(): Record<StreamKind, number> {
    const counts: Record<StreamKind, number> = { desk: 0, staff: 0, visitor: 0, intake: 0 };
    for (const stream of this.open) counts[stream.kind] += 1;
    return counts;
  }

  /** Sets how often idle streams get a keep-alive comment (tests shorten it). */
  setHeartbeatInterval(ms: number): void {
    this.heartbeatMs = ms;
    if (this.heartbeat) { clearInterval(this.heartbeat); this.heartbeat = this.startHeartbeat(); }
  }

  /** Ends every open stream (shutdown). */
  closeAll(): void {
    for (const stream of [...this.open]) stream.close();
  }

  private encodedFrame(id: number, text: string): Uint8Array {
    if (id !== this.encodedFor) { this.encodedFor = id; this.encoded = new Map(); }
    let bytes = this.encoded.get(text);
    if (!bytes) this.encoded.set(text, (bytes = encoder.encode(text)));
    return bytes;
  }

  private eventFrame(event: LineupEvent, shown: string | Drawn | null, addressed: boolean): SharedFrame {
    // Messages go out at once; changes to the line and the team may be gathered for a moment.
    return shown === null ? null : { bytes: this.encodedFrame(event.id, eventFrames(event.id, shown)), urgent: isUrgent(event, addressed) };
  }

  /** The frame every page of `audience` gets for an event not addressed to any of them (null: nothing to show). */
  private sharedFrame(event: LineupEvent, audience: string, render: StreamOptions['render']): SharedFrame {
    if (this.sharedFor !== event) { this.sharedFor = event; this.shared = new Map(); }
    let found = this.shared.get(audience);
    if (found === undefined) this.shared.set(audience, (found = this.eventFrame(event, render(event), false)));
    return found;
  }

  private startHeartbeat(): NodeJS.Timeout {
    return setInterval(() => this.beat(), Math.min(1000, this.heartbeatMs));
  }

  // One timer for all streams: a comment line keeps proxies from closing a page that has been
  // idle for the heartbeat period, and moves its cursor past events it had nothing to show for.
  // Each page is due at its own time, so thousands of pages do not all get written at once.
  private beat() {
    const due = Date.now() - this.heartbeatMs;
    for (const stream of this.open) {
      if (stream.lastWriteAt > due) continue;
      const id = stream.pendingId();
      stream.write(id === null ? ': keep-alive\n\n' : `id: ${id}\n\n: keep-alive\n\n`, false);
    }
  }

  /**
   * Opens a page's single SSE stream: replays what the page missed since its cursor (or sends a
   * reset with a full snapshot when that is impossible), then follows live events. Everything up
   * to subscribing runs synchronously, so no event can fall between the replay and live delivery.
   */
  openStream(options: StreamOptions): Response {
    const { deps } = this;
    // A HEAD request has no body to follow: never subscribe for it (nothing would ever end it).
    if (options.request.method !== 'GET') return new Response(null, { headers: SSE_HEADERS });
    const held = this.perAddress.get(options.address) ?? 0;
    if (held >= deps.config.streamsPerAddress) {
      return new Response(t(options.lang ?? 'en', 'error.tooManyStreams'), {
        status: 429, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Retry-After': '30' },
      });
    }
    this.perAddress.set(options.address, held + 1);
    let closed = false;
    let live = false;
    let lastSent = 0;
    let onWire = 0;
    let unsubscribe = () => {};
    const sink = this.sinks.sinkFor(options.outgoing, options.request.signal, () => stream.close());

    const stream: OpenStream = {
      kind: kindOf(new URL(options.request.url).pathname),
      lastWriteAt: Date.now(),
      write(chunk, urgent = true) {
        if (closed) return;
        stream.lastWriteAt = Date.now();
        // Only a live page can fall behind: during set-up nobody has read anything yet.
        if (live && sink.queued() > MAX_QUEUED_BYTES) { stream.close(); return; }
        sink.write(typeof chunk === 'string' ? encoder.encode(chunk) : chunk, urgent);
      },
      // Every event up to the hub's newest that routes here has been handed to this page already,
      // so that id is a safe cursor too: a quiet page's reconnect then skips what it never needed.
      pendingId: () => {
        const cursor = Math.max(lastSent, deps.hub.lastPublished);
        return cursor > onWire ? (onWire = cursor) : null;
      },
      close: () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        this.open.delete(stream);
        const left = (this.perAddress.get(options.address) ?? 1) - 1;
        if (left > 0) this.perAddress.set(options.address, left);
        else this.perAddress.delete(options.address);
        if (this.open.size === 0 && this.heartbeat) { clearInterval(this.heartbeat); this.heartbeat = null; }
        sink.end();
        if (live) options.onClose?.();
      },
    };

    const deliver = (event: LineupEvent) => {
      // The hub may hand over an event this page already got in its replay (events written by
      // another process are published late); ids only ever move forward on one page.
      if (closed || event.id <= lastSent) return;
      lastSent = event.id;
      const addressed = addressedTo(event, options.subscription);
      const out = options.audience !== undefined && !addressed
        ? this.sharedFrame(event, options.audience, options.render)
        : this.eventFrame(event, options.render(event), addressed);
      // An event this page shows nothing for costs it nothing now; the next keep-alive carries
      // its id, so a reconnect does not replay it.
      if (out) {
        onWire = event.id;
        stream.write(out.bytes, out.urgent);
      }
      if (options.endsWith?.(event)) stream.close();
    };

    const cursor = parseCursor(options.cursor);
    // One read transaction: the replay or snapshot and the id it ends at describe the same state.
    const { latest, opening, ended } = consistentRead(deps, () => {
      const latest = latestEventId(deps.db);
      const replayable = cursor !== null && cursor <= latest && latest - cursor <= MAX_REPLAY_WINDOW
        && (cursor === latest || cursor + 1 >= oldestEventId(deps.db));
      const replay = replayable ? replayFrames(eventsSince(deps.db, options.subscription, cursor, latest), options) : null;
      // Named events are not swapped by htmx, so a reset is announced and the snapshot follows.
      const opening = replay ? [frame(cursor, null), ...replay.frames] : [frame(null, '', 'lineup:reset'), frame(latest, options.snapshot())];
      return { latest, opening, ended: replay?.ended ?? false };
    });
    stream.write('retry: 1000\n\n');
    for (const chunk of opening) stream.write(chunk);
    if (ended) { stream.close(); return sink.response; }
    lastSent = onWire = latest;
    unsubscribe = deps.hub.subscribe({ ...options.subscription, deliver });
    this.open.add(stream);
    this.heartbeat ??= this.startHeartbeat();
    live = true;
    try {
      options.onOpen?.((html, event) => stream.write(frame(null, html, event), false));
    } catch (error) {
      // Presence is a nicety; a page must still get its messages when it cannot be recorded.
      log.error({ err: error }, 'could not record a stream opening');
    }

    return sink.response;
  }
}

/**
 * The SSE messages of one event: its HTML (which htmx swaps), then its signals (named events for
 * the page's scripts, their data as JSON). The id goes on the last message only, so a page cut
 * off in the middle of an event resumes (Last-Event-ID) with the whole event, never half of it.
 * A page that shows nothing of it (null) gets the id alone.
 */
export function eventFrames(id: number, shown: string | Drawn | null): string {
  if (shown === null || typeof shown === 'string') return frame(id, shown);
  const messages: Array<[data: string, name?: string]> = shown.html ? [[shown.html]] : [];
  for (const signal of shown.signals) messages.push([signalData(signal), signal.name]);
  if (!messages.length) return frame(id, null);
  return messages.map(([data, name], i) => frame(i === messages.length - 1 ? id : null, data, name)).join('');
}

/**
 * A signal's data as JSON, with <, > and & written as escapes: htmx never swaps a named event,
 * and should anything ever read one as HTML, a visitor's text in it is still no markup.
 */
function signalData(signal: Signal): string {
  return JSON.stringify(signal.data).replace(/[<>&]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One SSE frame. Each line of HTML becomes a `data:` line, as the SSE format requires. */
export function frame(id: number | null, html: string | null, event?: string): string {
  let out = '';
  if (event) out += `event: ${event}\n`;
  if (id !== null) out += `id: ${id}\n`;
  if (html !== null) out += html.split('\n').map((line) => `data: ${line}`).join('\n') + '\n';
  return out + '\n';
}

/** Reads a cursor: a non-negative integer, or null when absent or malformed (which forces a reset). */
export function parseCursor(raw: string | undefined | null): number | null {
  if (raw === undefined || raw === null || !/^(0|[1-9][0-9]{0,15})$/.test(raw.trim())) return null;
  return Number(raw.trim());
}

/** A replay larger than this is replaced by a snapshot, which is smaller and just as exact. */
const MAX_REPLAY_BYTES = 512 * 1024;

/** The frames a reconnecting page missed, or null when a snapshot would serve it better. */
function replayFrames(events: LineupEvent[], options: StreamOptions): { frames: string[]; ended: boolean } | null {
  const frames: string[] = [];
  let bytes = 0;
  for (const event of events) {
    const chunk = eventFrames(event.id, options.render(event));
    bytes += chunk.length;
    if (bytes > MAX_REPLAY_BYTES) return null;
    frames.push(chunk);
    if (options.endsWith?.(event)) return { frames, ended: true };
  }
  return { frames, ended: false };
}
