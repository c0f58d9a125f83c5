import type { Deps } from '../lib/deps.ts';
import { releaseTicketsOf } from '../line/claims.ts';
import { commit } from '../realtime/events.ts';
import { sql } from '../lib/sql.ts';
import type { Whispers } from '../realtime/whispers.ts';
import type { Db } from '../lib/sql.ts';
import { Invalid } from '../lib/errors.ts';
import { Text } from '../i18n/index.ts';
import type { Place } from '../supporters/schema.ts';

const silentSupporters = sql<{ id: number }>('SELECT id FROM supporters WHERE online = 1 AND last_seen_at < ? LIMIT 1000');
const graceSetting = sql<{ value: string }>("SELECT value FROM settings WHERE key = 'presence_grace_s'");
const setGraceRow = sql("INSERT INTO settings (key, value) VALUES ('presence_grace_s', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value");
const silentVisitors = sql<{ id: number }>('SELECT id FROM tickets WHERE visitor_online = 1 AND visitor_seen_at < ? LIMIT 1000');
const touch = {
  supporter: sql('UPDATE supporters SET last_seen_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND coalesce(last_seen_at, 0) < ?'),
  visitor: sql('UPDATE tickets SET visitor_seen_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND coalesce(visitor_seen_at, 0) < ?'),
};
// A disabled account only ever goes offline (its pages are being closed).
const markSupporter = sql("UPDATE supporters SET place = ?, online = ? != 'offline', last_seen_at = ? WHERE id = ? AND place != ? AND (enabled = 1 OR ? = 'offline')");
const markVisitor = sql('UPDATE tickets SET visitor_online = ?, visitor_seen_at = ? WHERE id = ? AND visitor_online = ?');
const holderOf = sql<{ state: string; supporterId: number | null }>('SELECT state, supporter_id AS supporterId FROM tickets WHERE id = ?');

/** A page that has not been heard from for this long is offline, whatever its process thought. */
export const PRESENCE_TTL_MS = 25_000;
/** How often a desk is asked to answer, and how long it may stay silent before it counts as gone. */
export const PING_MS = 10_000;
export const SILENT_MS = 20_000;
/** A call to `ping` may always ask this many desks, however few are open. */
const PINGS_PER_CALL_MIN = 10;
/** A reload closes the stream and opens a new one within a second or two; don't flap for that. */
export const LEAVE_GRACE_MS = 5_000;
/**
 * How long a supporter with no Lineup page open keeps their tickets (an admin setting): long
 * enough to look something up in another window, restart the browser or ride out a network
 * hiccup; short enough that a visitor is not left with nobody.
 */
export const GRACE_DEFAULT_S = 60;
export const GRACE_MIN_S = 10;
export const GRACE_MAX_S = 3600;

export function presenceGraceMs(db: Db): number {
  const value = Number(graceSetting.get(db)?.value);
  return (Number.isInteger(value) && value >= GRACE_MIN_S && value <= GRACE_MAX_S ? value : GRACE_DEFAULT_S) * 1000;
}

/** An admin sets the grace period, in whole seconds. */
export function setPresenceGrace(db: Db, input: unknown): number {
  const seconds = typeof input === 'string' && /^\d{1,5}$/.test(input.trim()) ? Number(input.trim()) : NaN;
  if (!(seconds >= GRACE_MIN_S && seconds <= GRACE_MAX_S)) {
    const problem = new Text('admin.presence.graceRange', { min: GRACE_MIN_S, max: GRACE_MAX_S });
    throw new Invalid(problem, { grace: problem });
  }
  setGraceRow.run(db, String(seconds));
  return seconds;
}

/** What a page's stream says about the supporter who has it open. */
export interface PageKind {
  /** The page answers pings over its stream (every staff page does; tests may leave it out). */
  answersPings?: boolean;
  /** A staff page other than the desk: the supporter keeps their tickets but takes no new ones. */
  elsewhere?: boolean;
}

/** Places from the most to the least present: a supporter may move up at once, down only after a pause. */
const RANK: Record<Place, number> = { desk: 3, elsewhere: 2, gone: 1, offline: 0 };
/** How often the server runs `tick`. */
export const PRESENCE_TICK_MS = 5_000;
/** Last-seen is rewritten once it is this old; with the tick's period on top it stays inside the TTL. */
export const REFRESH_AFTER_MS = 10_000;
/** Rows whose last-seen one statement of the tick rewrites. */
const TOUCH_BATCH = 250;
/** Comings and goings within this window are written and announced together. */
export const PRESENCE_BATCH_MS = 100;

type Kind = 'supporter' | 'visitor';

/**
 * Tracks open streams per supporter and per ticket (this process's share of presence) and
 * writes the resulting online/offline state to the database, with events for pages to show it.
 * Changes are gathered for a moment and written in one transaction with one event per audience:
 * a thousand desks opening at once is then a few commits and a few frames, not millions.
 *
 * An open connection alone does not prove a desk is there: a dropped network can leave it open
 * for many minutes. So desks are pinged over their stream and must answer (`heardFrom`); a
 * supporter whose desks stay silent goes offline, and going offline puts their tickets back in
 * the line. Pings ride on the stream because a background tab's timers are throttled, its
 * network events are not.
 */
export class Presence {
  private streams = new Map<string, number>();
  private leaving = new Map<string, NodeJS.Timeout>();
  private pending = new Map<string, Place>();
  private batch: NodeJS.Timeout | null = null;
  /** Pages that answer pings, counted by supporter; when each supporter was last heard and pinged. */
  private desks = new Map<number, number>();
  private heard = new Map<number, { at: number; pingedAt: number }>();
  private silent = new Set<number>();
  /** Desk pages (not elsewhere) counted by supporter. */
  private deskPages = new Map<number, number>();
  /** Supporters with no page open, waiting out the grace period before their tickets go back. */
  private graceTimers = new Map<number, NodeJS.Timeout>();
  /** Supporters who signed out: the last of their pages closing sends them offline at once. */
  private signedOut = new Map<number, number>();

  /** Pings reach desks through `whispers`, where each desk stream joins as `desk:<supporter id>`. */
  constructor(private deps: Deps, private whispers: Whispers) {}

  /**
   * A page's stream opened. A page that `answersPings` is then expected to answer them; a
   * supporter's page is the desk unless it is `elsewhere` (another staff page).
   */
  connected(kind: Kind, id: number, page: PageKind = {}): void {
    const key = `${kind}:${id}`;
    this.streams.set(key, (this.streams.get(key) ?? 0) + 1);
    this.clearLeaving(key);
    if (kind === 'visitor') { this.mark(kind, id, 'desk'); return; }
    if (!page.elsewhere) this.deskPages.set(id, (this.deskPages.get(id) ?? 0) + 1);
    if (page.answersPings) {
      this.desks.set(id, (this.desks.get(id) ?? 0) + 1);
      const now = this.deps.clock.now();
      // A random phase spreads the pings (and their answers) evenly over each period.
      if (!this.heard.has(id)) this.heard.set(id, { at: now, pingedAt: now - Math.floor(Math.random() * PING_MS) });
      else this.heard.get(id)!.at = now;
      this.silent.delete(id);
    }
    this.settle(id);
  }

  /** A page answered a ping (or otherwise showed it is there). */
  heardFrom(supporterId: number): void {
    const heard = this.heard.get(supporterId);
    if (!heard) return;
    heard.at = this.deps.clock.now();
    if (this.silent.delete(supporterId)) this.settle(supporterId);
  }

  disconnected(kind: Kind, id: number, page: PageKind = {}): void {
    const key = `${kind}:${id}`;
    const left = (this.streams.get(key) ?? 1) - 1;
    if (left > 0) this.streams.set(key, left);
    else this.streams.delete(key);
    if (kind === 'visitor') {
      if (left > 0) return;
      const timer = setTimeout(() => {
        this.leaving.delete(key);
        if (!this.streams.has(key)) this.mark(kind, id, 'offline');
      }, LEAVE_GRACE_MS);
      timer.unref();
      this.leaving.set(key, timer);
      return;
    }
    if (!page.elsewhere) decrement(this.deskPages, id);
    if (page.answersPings && decrement(this.desks, id) === 0) { this.heard.delete(id); this.silent.delete(id); }
    this.settle(id);
  }

  /**
   * The supporter signed out: once their last page has closed (the sign-out ends the session's
   * streams), they are offline and their tickets go back at once, without the grace period.
   */
  signOut(supporterId: number): void {
    this.signedOut.set(supporterId, this.deps.clock.now());
    this.settle(supporterId);
  }

  /** Where the pages open here put a supporter right now. */
  private placeHere(id: number): Place {
    if (!this.streams.has(`supporter:${id}`) || this.silent.has(id)) return 'gone';
    return this.deskPages.get(id) ? 'desk' : 'elsewhere';
  }

  /**
   * Moves a supporter to where their pages put them. Up (a page opened) at once; down after
   * LEAVE_GRACE_MS, so a reload or a click from the desk to another page does not flap; and from
   * gone to offline (their tickets back to the line) only after the grace period, unless they
   * signed out.
   */
  private settle(id: number): void {
    const key = `supporter:${id}`;
    const place = this.placeHere(id);
    const signedOutAt = this.signedOut.get(id);
    if (signedOutAt !== undefined && this.deps.clock.now() - signedOutAt > LEAVE_GRACE_MS) this.signedOut.delete(id);
    if (place !== 'gone') this.clearGrace(id);
    if (place === 'gone' && this.signedOut.has(id)) {
      this.signedOut.delete(id);
      this.clearLeaving(key);
      this.clearGrace(id);
      this.mark('supporter', id, 'offline');
      return;
    }
    const was = this.pending.get(key) ?? this.shown.get(id) ?? 'offline';
    // Silence is already a judgement made over SILENT_MS: no further pause before showing it.
    if (RANK[place] >= RANK[was] || this.silent.has(id)) {
      this.clearLeaving(key);
      this.mark('supporter', id, place);
    } else if (!this.leaving.has(key)) {
      const timer = setTimeout(() => { this.leaving.delete(key); this.mark('supporter', id, this.placeHere(id)); }, LEAVE_GRACE_MS);
      timer.unref();
      this.leaving.set(key, timer);
    }
    if (place === 'gone' && !this.graceTimers.has(id)) {
      // A silent page counts as gone since it was last heard from.
      const since = this.silent.has(id) ? this.heard.get(id)?.at ?? this.deps.clock.now() : this.deps.clock.now();
      const wait = Math.max(0, since + presenceGraceMs(this.deps.db) - this.deps.clock.now());
      const timer = setTimeout(() => {
        this.graceTimers.delete(id);
        if (this.placeHere(id) === 'gone') { this.clearLeaving(key); this.mark('supporter', id, 'offline'); }
      }, wait);
      timer.unref();
      this.graceTimers.set(id, timer);
    }
  }

  private clearLeaving(key: string): void {
    const timer = this.leaving.get(key);
    if (timer) { clearTimeout(timer); this.leaving.delete(key); }
  }

  private clearGrace(id: number): void {
    const timer = this.graceTimers.get(id);
    if (timer) { clearTimeout(timer); this.graceTimers.delete(id); }
  }

  /**
   * The periodic tick: refreshes last-seen for everything with a stream open here, then turns
   * anyone silent for the TTL offline (a crashed process, a lost network). A row is rewritten only
   * once its last-seen is REFRESH_AFTER_MS old (well inside the TTL), a few hundred rows per turn
   * of the event loop: thousands of open pages then cost small writes spread over the ticks,
   * never one long one that messages wait behind.
   */
  async tick(): Promise<void> {
    const now = this.deps.clock.now();
    this.silenceCheck(now);
    const ids = { supporter: [] as number[], visitor: [] as number[] };
    for (const key of this.streams.keys()) {
      const [kind, id] = key.split(':') as [Kind, string];
      if (kind === 'supporter' && this.silent.has(Number(id))) continue;
      ids[kind].push(Number(id));
    }
    for (const kind of ['supporter', 'visitor'] as const) {
      for (let i = 0; i < ids[kind].length; i += TOUCH_BATCH) {
        touch[kind].run(this.deps.db, now, JSON.stringify(ids[kind].slice(i, i + TOUCH_BATCH)), now - REFRESH_AFTER_MS);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    this.sweep();
  }

  /**
   * Asks each quiet desk to answer (run every second, so the pings stay spread out). A desk heard
   * from within the period (a message, a claim) is not asked: pings cost only idle desks. Desks
   * that all fell quiet together (a busy spell that ended at once) would all be due in the same
   * second, and all answer in the same second: each call asks at most twice the even share, so
   * such a crowd is asked over a few seconds, still well inside SILENT_MS.
   */
  ping(): void {
    const now = this.deps.clock.now();
    let budget = Math.max(PINGS_PER_CALL_MIN, Math.ceil((2 * this.desks.size * 1000) / PING_MS));
    for (const id of this.desks.keys()) {
      if (budget === 0) return;
      const heard = this.heard.get(id)!;
      if (now - heard.pingedAt < PING_MS || now - heard.at < PING_MS) continue;
      heard.pingedAt = now;
      budget--;
      this.whispers.send(`desk:${id}`, '', 'lineup:ping');
    }
  }

  /** A supporter whose pages stayed silent too long is gone: as if their pages had closed when last heard. */
  private silenceCheck(now: number): void {
    for (const id of this.desks.keys()) {
      if (now - this.heard.get(id)!.at < SILENT_MS || this.silent.has(id)) continue;
      this.silent.add(id);
      this.settle(id);
    }
  }

  private sweep(): void {
    const stale = this.deps.clock.now() - PRESENCE_TTL_MS;
    // A supporter nobody here holds a page for (a crashed process) keeps the grace period too.
    const goneSupporters = silentSupporters.values(this.deps.db, stale - presenceGraceMs(this.deps.db));
    for (const id of goneSupporters) if (!this.streams.has(`supporter:${id}`) && !this.graceTimers.has(id)) this.mark('supporter', id, 'offline');
    // Literal `= 1` so the partial index over online visitors is used.
    const goneVisitors = silentVisitors.values(this.deps.db, stale);
    for (const id of goneVisitors) if (!this.streams.has(`visitor:${id}`)) this.mark('visitor', id, 'offline');
  }

  stop(): void {
    for (const timer of [...this.leaving.values(), ...this.graceTimers.values()]) clearTimeout(timer);
    this.leaving.clear();
    this.graceTimers.clear();
    if (this.batch) clearTimeout(this.batch);
    this.batch = null;
  }

  /** Where each supporter was last written to be (this process's view; the row is the truth). */
  private shown = new Map<number, Place>();

  /** Writes a place soon. A visitor's page is 'desk' while open, 'offline' when gone. */
  private mark(kind: Kind, id: number, place: Place): void {
    if (kind === 'supporter') {
      if (place === 'offline') this.shown.delete(id); else this.shown.set(id, place);
    }
    this.pending.set(`${kind}:${id}`, place);
    this.batch ??= setTimeout(() => this.flush(), PRESENCE_BATCH_MS);
  }

  /** Writes the gathered changes now (also used by tests). */
  flush(): void {
    if (this.batch) clearTimeout(this.batch);
    this.batch = null;
    if (!this.pending.size) return;
    const changes = [...this.pending];
    this.pending.clear();
    const now = this.deps.clock.now();
    commit(this.deps, (tx, emit) => {
      const team: number[] = [];
      const waiting: number[] = [];
      for (const [key, place] of changes) {
        const id = Number(key.slice(key.indexOf(':') + 1));
        if (key.startsWith('supporter:')) {
          if (markSupporter.run(tx, place, place, now, id, place, place).changes === 1) team.push(id);
          // Nobody is there any more: their visitors go back to the line rather than wait for nobody.
          // (Even if the row never showed them here: pages that came and went within one batch.)
          if (place === 'offline') releaseTicketsOf(tx, emit, id, now);
          continue;
        }
        const flag = place === 'offline' ? 0 : 1;
        if (markVisitor.run(tx, flag, now, id, 1 - flag).changes !== 1) continue;
        const holder = holderOf.get(tx, id);
        // While waiting, every desk shows it in the line (no visitor page cares); once claimed, only the holder's tab.
        if (holder?.state === 'waiting') waiting.push(id);
        else emit({ topic: 'ticket', type: 'visitor.presence', ticketId: id, supporterId: holder?.supporterId ?? null });
      }
      if (team.length) emit({ topic: 'team', type: 'supporter.presence', data: { ids: team } });
      if (waiting.length) emit({ topic: 'desks', type: 'visitor.presence', data: { ids: waiting } });
    });
  }
}

/** Counts one down in a map of counts, dropping it at zero; returns what is left. */
function decrement(counts: Map<number, number>, id: number): number {
  const left = (counts.get(id) ?? 1) - 1;
  if (left > 0) counts.set(id, left); else counts.delete(id);
  return left;
}
