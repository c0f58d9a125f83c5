import fs from 'node:fs';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CheckpointDone } from '../lib/checkpointer.ts';
import type { Deps } from '../lib/deps.ts';
import { sql } from '../lib/sql.ts';
import { waitingCount } from '../line/tickets.ts';
import type { StreamKind } from '../realtime/stream.ts';

const oldestWaiting = sql<{ at: number | null }>("SELECT min(created_at) AS at FROM tickets WHERE state = 'waiting'");
const authorOf = sql<{ author: string }>('SELECT author FROM messages WHERE id = ?');
const outbox = sql<{ state: string; n: number }>("SELECT state, count(*) AS n FROM mail_outbox WHERE state IN ('queued', 'failed') GROUP BY state");

/** What the metrics read from parts made elsewhere: the open streams, and the checkpoint thread once it runs. */
export interface MetricSources {
  streams: { countsByKind(): Record<StreamKind, number> };
  checkpoint?: () => CheckpointDone | null;
}

/**
 * Lineup's figures in Prometheus' text format (prom-client), on a registry of the app's own.
 * Counts come from the events as they are published (no table is scanned for them); gauges are
 * read at a scrape, each a bounded query: open streams by kind, the line's length and longest
 * wait, the outbox, the WAL. Delivery lag is the time from a commit to its event having been
 * handed to every page's socket (urgent frames are written in that turn, others within 50 ms).
 */
export function lineupMetrics(deps: Deps, sources: MetricSources) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'lineup_' });

  new Gauge({
    name: 'lineup_streams_open', help: 'Live pages (event streams) open now, by kind of page', labelNames: ['kind'], registers: [registry],
    collect() { for (const [kind, n] of Object.entries(sources.streams.countsByKind())) this.set({ kind }, n); },
  });
  new Gauge({
    name: 'lineup_line_waiting', help: 'Tickets waiting in the line now', registers: [registry],
    collect() { this.set(waitingCount(deps.db)); },
  });
  new Gauge({
    name: 'lineup_line_longest_wait_seconds', help: 'How long the longest-waiting ticket has waited (0: nobody waits)', registers: [registry],
    collect() {
      const at = oldestWaiting.get(deps.db)?.at ?? null;
      this.set(at === null ? 0 : Math.max(0, (deps.clock.now() - at) / 1000));
    },
  });
  new Gauge({
    name: 'lineup_mail_outbox', help: 'Mail in the outbox: queued (still to go) and failed (given up)', labelNames: ['state'], registers: [registry],
    collect() {
      const found = new Map(outbox.all(deps.db).map((row) => [row.state, row.n]));
      for (const state of ['queued', 'failed']) this.set({ state }, found.get(state) ?? 0);
    },
  });
  new Gauge({
    name: 'lineup_wal_bytes', help: "Size of the database's write-ahead log", registers: [registry],
    collect() {
      try { this.set(fs.statSync(`${deps.config.databasePath}-wal`).size); } catch { this.set(0); }
    },
  });
  new Gauge({
    name: 'lineup_checkpoint_pages_behind', help: 'WAL pages not yet in the database file after the last checkpoint', registers: [registry],
    collect() { const last = sources.checkpoint?.(); this.set(last ? last.log - last.checkpointed : 0); },
  });
  new Gauge({
    name: 'lineup_checkpoint_age_seconds', help: 'Time since the checkpoint thread last finished a checkpoint', registers: [registry],
    collect() { const last = sources.checkpoint?.(); this.set(last ? Math.max(0, (Date.now() - last.at) / 1000) : 0); },
  });

  const tickets = new Counter({ name: 'lineup_tickets_total', help: 'Tickets by what happened to them', labelNames: ['event'], registers: [registry] });
  const messages = new Counter({
    name: 'lineup_messages_total', help: 'Messages posted, by author (a private note and its copies count once)', labelNames: ['author'], registers: [registry],
  });
  const lag = new Histogram({
    name: 'lineup_delivery_lag_seconds', help: 'From a commit to its event having been handed to every page', registers: [registry],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  });
  const TICKET_EVENTS: Record<string, string> = { 'ticket.joined': 'opened', 'ticket.claimed': 'claimed', 'ticket.closed': 'closed', 'ticket.rejoined': 'rejoined' };
  let lastMessage = -1;
  deps.hub.subscribe({
    topics: [], everything: true,
    deliver(event) {
      lag.observe(Math.max(0, deps.clock.now() - event.createdAt) / 1000);
      if (event.type === 'message.posted') {
        // A note reaches each invited colleague as a copy of its own: one message, counted once.
        if (event.data.messageId !== lastMessage) {
          lastMessage = event.data.messageId;
          messages.inc({ author: authorOf.get(deps.db, lastMessage)?.author ?? 'unknown' });
        }
      } else if (event.type === 'ticket.left') tickets.inc({ event: event.data?.abandoned ? 'abandoned' : 'left' });
      else if (event.type in TICKET_EVENTS) tickets.inc({ event: TICKET_EVENTS[event.type] });
    },
  });

  return { registry, text: () => registry.metrics(), contentType: registry.contentType };
}
