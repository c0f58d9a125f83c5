import type { LineupEvent } from './events.ts';
import { log } from '../lib/log.ts';

/**
 * Broadcast channels: 'line' (desks; a visitor page follows only its own ticket), 'team' (desks
 * and the intake page), 'desks' (desks only).
 */
export type Topic = 'line' | 'team' | 'desks';

export interface Subscriber {
  topics: readonly Topic[];
  /** A visitor page follows its own ticket's private events. */
  ticketId?: number;
  /** A desk follows events addressed to its supporter (their tabs). */
  supporterId?: number;
  /** Hears every event, after every page has been handed it (metrics). */
  everything?: true;
  /** Must not block: queue the frame and return. */
  deliver(event: LineupEvent): void;
}

/** Reads committed events after an id, in order (the events table). */
export type EventSource = (afterId: number, limit: number) => LineupEvent[];

/**
 * In-process fan-out of committed events. It never awaits a subscriber, so one slow page cannot
 * delay the others; what a page misses it replays from the events table by id.
 *
 * With a source, the hub publishes every event in id order, including events that another
 * process (the CLI, a second server) wrote to the table: a gap before a local event is filled
 * from the table first, and `catchUp()` picks up the rest when nothing happens locally.
 */
export class Hub {
  private byTopic = new Map<string, Set<Subscriber>>();
  private byTicket = new Map<number, Set<Subscriber>>();
  private bySupporter = new Map<number, Set<Subscriber>>();
  private everything = new Set<Subscriber>();

  constructor(private source?: EventSource, private lastId = 0) {}

  /** The newest event id handed out (0 when the hub has no source to keep order by). */
  get lastPublished(): number {
    return this.source ? this.lastId : 0;
  }

  subscribe(sub: Subscriber): () => void {
    const keys: Array<[Map<any, Set<Subscriber>>, unknown]> = sub.topics.map((t) => [this.byTopic, t]);
    if (sub.ticketId !== undefined) keys.push([this.byTicket, sub.ticketId]);
    if (sub.supporterId !== undefined) keys.push([this.bySupporter, sub.supporterId]);
    if (sub.everything) this.everything.add(sub);
    for (const [map, key] of keys) {
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      set.add(sub);
    }
    return () => {
      this.everything.delete(sub);
      for (const [map, key] of keys) {
        const set = map.get(key);
        set?.delete(sub);
        if (set?.size === 0) map.delete(key);
      }
    };
  }

  publish(events: readonly LineupEvent[]): void {
    for (const event of events) {
      if (this.source) {
        if (event.id > this.lastId + 1) this.catchUp(event.id - 1);
        if (event.id <= this.lastId) continue;
        this.lastId = event.id;
      }
      this.deliver(event);
    }
  }

  /** Publishes events other processes wrote since the last one published here (up to `untilId`). */
  catchUp(untilId = Number.MAX_SAFE_INTEGER): void {
    if (!this.source) return;
    for (;;) {
      const batch = this.source(this.lastId, 500).filter((e) => e.id <= untilId);
      for (const event of batch) {
        this.lastId = event.id;
        this.deliver(event);
      }
      if (batch.length < 500) return;
    }
  }

  private deliver(event: LineupEvent): void {
    // No set of recipients is built (an event can go to thousands of pages): a subscriber reached
    // by two routes is recognised by the event it was last handed.
    const lists = [this.byTopic.get(event.topic), event.ticketId !== null ? this.byTicket.get(event.ticketId) : undefined,
      event.supporterId !== null ? this.bySupporter.get(event.supporterId) : undefined, this.everything.size ? this.everything : undefined];
    for (const list of lists) {
      if (!list) continue;
      for (const sub of list) {
        const mark = sub as Subscriber & { handed?: LineupEvent };
        if (mark.handed === event) continue;
        mark.handed = event;
        try {
          sub.deliver(event);
        } catch (error) {
          log.error({ err: error, event: event.type }, 'a subscriber failed to take an event');
        }
      }
    }
  }
}

/** True when a subscriber would receive this event; replay uses the same rule as live delivery. */
export function routesTo(sub: Omit<Subscriber, 'deliver'>, event: LineupEvent): boolean {
  return (sub.topics as readonly string[]).includes(event.topic)
    || (event.ticketId !== null && event.ticketId === sub.ticketId)
    || (event.supporterId !== null && event.supporterId === sub.supporterId);
}
