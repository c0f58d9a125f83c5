import type { Db } from '../lib/db.ts';
import type { Deps } from '../lib/deps.ts';
import { Hub, routesTo, type Subscriber } from './hub.ts';
import { connectionOf, statement } from '../lib/statements.ts';

export interface LineupEvent {
  id: number;
  topic: string;
  type: string;
  ticketId: number | null;
  supporterId: number | null;
  data: Record<string, unknown>;
  createdAt: number;
}

export interface NewEvent {
  topic: 'line' | 'team' | 'desks' | 'ticket';
  type: string;
  ticketId?: number | null;
  supporterId?: number | null;
  data?: Record<string, unknown>;
}

export type Emit = (event: NewEvent) => void;

/**
 * Runs `change` in one write transaction (BEGIN IMMEDIATE, so read-then-write cannot lose a race),
 * records the events it emits in the same transaction, and hands them to the hub only after commit.
 *
 * @example
 * commit(deps, (tx, emit) => { tx.insert(messages).values(m).run(); emit({ topic: 'ticket', type: 'message.posted', ticketId }); });
 */
export function commit<T>(deps: Deps, change: (tx: Db, emit: Emit) => T): T {
  const pending: LineupEvent[] = [];
  // The drizzle handle and the raw connection are one connection, so both take part in this transaction.
  const result = deps.sqlite.transaction(() => change(deps.db, eventWriter(deps, pending))).immediate();
  deps.hub.publish(pending);
  return result;
}

/** An Emit that appends to the events table (inside the caller's transaction) and collects what it wrote. */
export function eventWriter(deps: Deps, written: LineupEvent[]): Emit {
  const insert = statement(deps.sqlite,
    'INSERT INTO events (topic, type, ticket_id, supporter_id, data, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id');
  return (e) => {
    const event = {
      topic: e.topic, type: e.type, ticketId: e.ticketId ?? null, supporterId: e.supporterId ?? null,
      data: e.data ?? {}, createdAt: deps.clock.now(),
    };
    const row = insert.get(event.topic, event.type, event.ticketId, event.supporterId, JSON.stringify(event.data), event.createdAt) as { id: number };
    written.push({ id: row.id, ...event });
  };
}

/**
 * Runs reads in one transaction, so they all see the same committed state: a page's cursor and
 * the content rendered with it agree even while another process writes.
 */
export function consistentRead<T>(deps: Deps, read: () => T): T {
  return deps.sqlite.transaction(read)();
}

export function latestEventId(db: Db): number {
  return (statement(connectionOf(db), 'SELECT coalesce(max(id), 0) AS id FROM events').get() as { id: number }).id;
}

export function oldestEventId(db: Db): number {
  return (statement(connectionOf(db), 'SELECT coalesce(min(id), 0) AS id FROM events').get() as { id: number }).id;
}

// Every page that opens reads these (thousands at once after a restart): compiled once, not per call.
const EVENT_COLUMNS = 'SELECT id, topic, type, ticket_id AS ticketId, supporter_id AS supporterId, data, created_at AS createdAt FROM events';

/** The hub's source: every event after `afterId`, in order, at most `limit`. */
export function eventsAfter(db: Db, afterId: number, limit: number): LineupEvent[] {
  const rows = statement(connectionOf(db), `${EVENT_COLUMNS} WHERE id > ? ORDER BY id LIMIT +?`).all(afterId, limit) as EventRow[];
  return rows.map(toEvent);
}

/** A hub fed from this database: it publishes in id order whatever any process committed. */
export function hubFor(db: Db): Hub {
  return new Hub((afterId, limit) => eventsAfter(db, afterId, limit), latestEventId(db));
}

/**
 * Events after `afterId` (exclusive) up to `untilId` that this subscriber would have received
 * live, in order. The routing rule runs in SQL over the id range, and again here to be sure it
 * is the same rule the hub applies.
 */
export function eventsSince(db: Db, sub: Omit<Subscriber, 'deliver'>, afterId: number, untilId: number): LineupEvent[] {
  const routes: string[] = [];
  const values: unknown[] = [];
  if (sub.topics.length) { routes.push(`topic IN (${sub.topics.map(() => '+?').join(', ')})`); values.push(...sub.topics); }
  if (sub.ticketId !== undefined) { routes.push('ticket_id = +?'); values.push(sub.ticketId); }
  if (sub.supporterId !== undefined) { routes.push('supporter_id = +?'); values.push(sub.supporterId); }
  if (!routes.length) return [];
  const rows = statement(connectionOf(db), `${EVENT_COLUMNS} WHERE id > ? AND id <= ? AND (${routes.join(' OR ')}) ORDER BY id`)
    .all(afterId, untilId, ...values) as EventRow[];
  return rows.map(toEvent).filter((e) => routesTo(sub, e));
}

type EventRow = Omit<LineupEvent, 'data'> & { data: string };

function toEvent(row: EventRow): LineupEvent {
  return { ...row, data: JSON.parse(row.data) as Record<string, unknown> };
}
