import type { Deps } from '../lib/deps.ts';
import { partial, render } from '../lib/render.ts';
import { placesInLine } from '../line/tickets.ts';
import { DELIVERY } from '../realtime/catalogue.ts';

/** Places are pushed at most this often: a busy line moves many places per second. */
export const PLACE_PUSH_MS = 1_000;

interface Watcher { ticketId: number; lastPlace: number | undefined; push(html: string): void }

/**
 * Keeps every waiting visitor's "Your place in line" current. Instead of a frame to every
 * waiting page on every claim, the line is ranked once per push period and each page gets its
 * place only when it changed: thousands of waiting pages cost one sweep a second.
 */
export class PlaceBoard {
  private watchers = new Set<Watcher>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private deps: Deps) {
    deps.hub.subscribe({ topics: ['line'], deliver: (event) => { if (DELIVERY[event.type].movesPlaces) this.schedule(); } });
  }

  /** A visitor page opened; returns what to call when it closes. */
  watch(ticketId: number, push: (html: string) => void): () => void {
    const watcher: Watcher = { ticketId, lastPlace: undefined, push };
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.sweep(), PLACE_PUSH_MS);
  }

  /** Sends each waiting page its place if it moved since the last push (also used by tests). */
  sweep(): void {
    this.stop();
    const places = placesInLine(this.deps.db);
    const frames = new Map<number, string>();
    for (const watcher of this.watchers) {
      const place = places.get(watcher.ticketId);
      if (place === undefined || place === watcher.lastPlace) continue;
      watcher.lastPlace = place;
      let html = frames.get(place);
      if (!html) frames.set(place, (html = partial('#place', 'outerHTML', render('ticket/_place', { place }))));
      watcher.push(html);
    }
  }
}
