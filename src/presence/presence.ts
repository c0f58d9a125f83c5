import type { Deps } from '../lib/deps.ts';
import { releaseTicketsOf } from '../line/claims.ts';
import { commit } from '../realtime/events.ts';
import { sql } from '../lib/sql.ts';
import type { Whispers } from '../realtime/whispers.ts';

const silentSupporters = sql<{ id: number }>('SELECT id FROM supporters WHERE online = 1 AND last_seen_at < ? LIMIT 1000');
const silentVisitors = sql<{ id: number }>('SELECT id FROM tickets WHERE visitor_online = 1 AND visitor_seen_at < ? LIMIT 1000');
const touch = {
  supporter: sql('UPDATE supporters SET last_seen_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND coalesce(last_seen_at, 0) < ?'),
  visitor: sql('UPDATE tickets SET visitor_seen_at = ? WHERE id IN (SELECT value FROM json_each(?)) AND coalesce(visitor_seen_at, 0) < ?'),
};
const markSupporter = sql('UPDATE supporters SET online = ?, last_seen_at = ? WHERE id = ? AND online = ?');
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
  private pending = new Map<string, boolean>();
  private batch: NodeJS.Timeout | null = null;
  /** Desk streams that answer pings, counted by supporter; when each supporter was last heard and pinged. */
  private desks = new Map<number, number>();
  private heard = new Map<number, { at: number; pingedAt: number }>();
  private silent = new Set<number>();

  /** Pings reach desks through `whispers`, where each desk stream joins as `desk:<supporter id>`. */
  constructor(private deps: Deps, private whispers: Whispers) {}

  /** A page's stream opened. A desk that `answersPings` is then expected to answer them. */
  connected(kind: Kind, id: number, answersPings = false): void {
    const key = `${kind}:${id}`;
    this.streams.set(key, (this.streams.get(key) ?? 0) + 1);
    const pending = this.leaving.get(key);
    if (pending) { clearTimeout(pending); this.leaving.delete(key); }
    if (kind === 'supporter' && answersPings) {
      this.desks.set(id, (this.desks.get(id) ?? 0) + 1);
      const now = this.deps.clock.now();
      // A random phase spreads the pings (and their answers) evenly over each period.
      this.heard.set(id, { at: now, pingedAt: now - Math.floor(Math.random() * PING_MS) });
      this.silent.delete(id);
    }
    this.mark(kind, id, true);
  }

  /** A desk answered a ping (or otherwise showed it is there). */
  heardFrom(supporterId: number): void {
    const heard = this.heard.get(supporterId);
    if (!heard) return;
    heard.at = this.deps.clock.now();
    if (this.silent.delete(supporterId)) this.mark('supporter', supporterId, true);
  }

  disconnected(kind: Kind, id: number, answersPings = false): void {
    if (kind === 'supporter' && answersPings) {
      const left = (this.desks.get(id) ?? 1) - 1;
      if (left > 0) this.desks.set(id, left);
      else { this.desks.delete(id); this.heard.delete(id); this.silent.delete(id); }
    }
    const key = `${kind}:${id}`;
    const left = (this.streams.get(key) ?? 1) - 1;
    if (left > 0) { this.streams.set(key, left); return; }
    this.streams.delete(key);
    const timer = setTimeout(() => {
      this.leaving.delete(key);
      if (!this.streams.has(key)) this.mark(kind, id, false);
    }, LEAVE_GRACE_MS);
    timer.unref();
    this.leaving.set(key, timer);
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

  /** A supporter whose desks stayed silent too long goes offline. */
  private silenceCheck(now: number): void {
    for (const id of this.desks.keys()) {
      if (now - this.heard.get(id)!.at < SILENT_MS || this.silent.has(id)) continue;
      this.silent.add(id);
      this.mark('supporter', id, false);
    }
  }

  private sweep(): void {
    const stale = this.deps.clock.now() - PRESENCE_TTL_MS;
    // Literal `= 1` so the partial index over online visitors is used.
    const goneSupporters = silentSupporters.values(this.deps.db, stale);
    for (const id of goneSupporters) if (!this.streams.has(`supporter:${id}`) || this.silent.has(id)) this.mark('supporter', id, false);
    const goneVisitors = silentVisitors.values(this.deps.db, stale);
    for (const id of goneVisitors) if (!this.streams.has(`visitor:${id}`)) this.mark('visitor', id, false);
  }

  stop(): void {
    for (const timer of this.leaving.values()) clearTimeout(timer);
    this.leaving.clear();
    if (this.batch) clearTimeout(this.batch);
    this.batch = null;
  }

  private mark(kind: Kind, id: number, online: boolean): void {
    this.pending.set(`${kind}:${id}`, online);
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
      for (const [key, online] of changes) {
        const id = Number(key.slice(key.indexOf(':') + 1));
        const flag = online ? 1 : 0;
        if (key.startsWith('supporter:')) {
          if (markSupporter.run(tx, flag, now, id, 1 - flag).changes !== 1) continue;
          team.push(id);
          // Nobody is at that desk any more: its visitors go back to the line rather than wait for nobody.
          if (!online) releaseTicketsOf(tx, emit, id, now);
          continue;
        }
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
