import type { Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { partial, render } from '../lib/render.ts';
import { placesInLine } from '../line/tickets.ts';
import { expectedMinutes, msPerPlace } from '../line/wait-estimate.ts';
import { DELIVERY } from '../realtime/catalogue.ts';

/** Places are pushed at most this often: a busy line moves many places per second. */
export const PLACE_PUSH_MS = 1_000;
/**
 * A change in the line's length alone (someone joined or left behind you) reaches a page at most
 * this often: every waiting page would otherwise get a card of its own each second of a busy line.
 */
export const LENGTH_PUSH_MS = 15_000;

interface Watcher {
  ticketId: number; lang: Lang; push(html: string): void;
  /** What the page was last sent, and when. */
  last: PlaceCard | undefined; pushedAt: number;
}

/** What the place card says: the place, the line's length and, when the team's recent claims allow, the expected wait. */
export interface PlaceCard { place: number; total: number; minutes: number | null }

export function placeCard(place: number, total: number, perPlaceMs: number | null): PlaceCard {
  return { place, total, minutes: expectedMinutes(perPlaceMs, place) };
}

/**
 * Keeps every waiting visitor's "Your place in line" current (with the line's length and the
 * expected wait). Instead of a frame to every waiting page on every claim, the line is ranked once
 * per push period and each page gets its card only when what it says changed: thousands of
 * waiting pages cost one sweep a second, and one rendering per distinct card and language.
 */
export class PlaceBoard {
  private watchers = new Set<Watcher>();
  private timer: NodeJS.Timeout | null = null;
  private due = 0;

  constructor(private deps: Deps) {
    // A join moves nobody's place but makes the line longer, which every card says (unhurried).
    deps.hub.subscribe({ topics: ['line'], deliver: (event) => {
      if (DELIVERY[event.type].movesPlaces) this.schedule(PLACE_PUSH_MS);
      else if (event.type === 'ticket.joined') this.schedule(LENGTH_PUSH_MS);
    } });
  }

  /** A visitor page opened; returns what to call when it closes. */
  watch(ticketId: number, lang: Lang, push: (html: string) => void): () => void {
    const watcher: Watcher = { ticketId, lang, push, last: undefined, pushedAt: 0 };
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Sweeps in `ms`, or sooner if a sweep is already due sooner. */
  private schedule(ms: number): void {
    const due = Date.now() + ms;
    if (this.timer && this.due <= due) return;
    this.stop();
    this.due = due;
    this.timer = setTimeout(() => this.sweep(), ms);
  }

  /**
   * Sends each waiting page its card if it changed since the last push (also used by tests): at
   * once when its place or expected wait moved, and a new length of the line at most every
   * LENGTH_PUSH_MS. One rendering per distinct card and language.
   */
  sweep(): void {
    this.stop();
    const now = this.deps.clock.now();
    const places = placesInLine(this.deps.db);
    const perPlace = msPerPlace(this.deps.db, now);
    const frames = new Map<string, string>();
    let lengthLater = false;
    for (const watcher of this.watchers) {
      const where = places.get(watcher.ticketId);
      if (where === undefined) continue;
      // The place and the length of the visitor's own group's line.
      const card = placeCard(where.place, where.total, perPlace);
      const last = watcher.last;
      if (last && last.place === card.place && last.minutes === card.minutes) {
        if (last.total === card.total) continue;
        if (now - watcher.pushedAt < LENGTH_PUSH_MS) { lengthLater = true; continue; }
      }
      watcher.last = card;
      watcher.pushedAt = now;
      const key = `${watcher.lang}:${card.place}:${card.total}:${card.minutes}`;
      let html = frames.get(key);
      if (!html) frames.set(key, (html = partial('#place', 'outerHTML', render('ticket/_place', { ...card, lang: watcher.lang }))));
      watcher.push(html);
    }
    if (lengthLater) this.schedule(LENGTH_PUSH_MS);
  }
}
