import type { Deps } from '../lib/deps.ts';
import { Hub, routesTo, type Subscriber } from './hub.ts';
import { sql, sqlOfShape, type Db } from '../lib/sql.ts';
import type { LineupEvent, NewEvent } from './catalogue.ts';
import { reactWithin } from './within.ts';

export type { EventOf, EventType, LineupEvent, NewEvent } from './catalogue.ts';

/** Records an event inside the caller's transaction; it is published once the transaction commits. */
export type Emit = (event: NewEvent) => void;

/**
 * Runs `change` in one write transaction (BEGIN IMMEDIATE, so read-then-write cannot lose a race),
 * records the events it emits in the same transaction, and hands them to the hub only after commit.
 *
 * @example
 * commit(deps, (tx, emit) => { leave.run(tx, now, ticketId); emit({ topic: 'line', type: 'ticket.left', ticketId }); });
 */
export function commit<T>(deps: Deps, change: (tx: Db, emit: Emit) => T): T {
  const pending: LineupEvent[] = [];
  const result = deps.db.transaction(() => {
    const emit = eventWriter(deps, pending);
    const value = change(deps.db, emit);
    reactWithin(deps, pending, emit);
    return value;
  }).immediate();
  deps.hub.publish(pending);
  return result;
}

/** An Emit that appends to the events table (inside the caller's transaction) and collects what it wrote. */
export function eventWriter(deps: Deps, written: LineupEvent[]): Emit {
  return (e) => {
    const ticketId = 'ticketId' in e ? e.ticketId : null;
    const supporterId = 'supporterId' in e ? e.supporterId : null;
    const data = 'data' in e ? e.data : {};
    const createdAt = deps.clock.now();
    const row = insertEvent.get(deps.db, e.topic, e.type, ticketId, supporterId, JSON.stringify(data), createdAt)!;
    written.push({ id: row.id, topic: e.topic, type: e.type, ticketId, supporterId, data, createdAt } as LineupEvent);
  };
}

/**
 * Runs reads in one transaction, so they all see the same committed state: a page's cursor and
 * the content rendered with it agree even while another process writes.
 */
export function consistentRead<T>(deps: Deps, read: () => T): T {
  return deps.db.transaction(read)();
}

export function latestEventId(db: Db): number {
  return newestEventId.get(db)!.id;
}

export function oldestEventId(db: Db): number {
  return oldestEventIdRow.get(db)!.id;
}

const EVENT_COLUMNS = 'SELECT id, topic, type, ticket_id AS ticketId, supporter_id AS supporterId, data, created_at AS createdAt FROM events';

const insertEvent = sql<{ id: number }>(
  'INSERT INTO events (topic, type, ticket_id, supporter_id, data, created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id');
const newestEventId = sql<{ id: number }>('SELECT coalesce(max(id), 0) AS id FROM events');
const oldestEventIdRow = sql<{ id: number }>('SELECT coalesce(min(id), 0) AS id FROM events');
const eventsAfterId = sql<EventRow>(`${EVENT_COLUMNS} WHERE id > ? ORDER BY id LIMIT +?`);

/** The hub's source: every event after `afterId`, in order, at most `limit`. */
export function eventsAfter(db: Db, afterId: number, limit: number): LineupEvent[] {
  const rows = eventsAfterId.all(db, afterId, limit);
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
  // One shape per kind of page (desk, ticket page, intake): a handful of statements in all.
  const rows = sqlOfShape<EventRow>(db, `${EVENT_COLUMNS} WHERE id > ? AND id <= ? AND (${routes.join(' OR ')}) ORDER BY id`)
    .all(db, afterId, untilId, ...values);
  return rows.map(toEvent).filter((e) => routesTo(sub, e));
}

type EventRow = Omit<LineupEvent, 'data'> & { data: string };

// Rows are written only by eventWriter, from the catalogue's types: the row is the event it recorded.
function toEvent(row: EventRow): LineupEvent {
  return { ...row, data: JSON.parse(row.data) } as LineupEvent;
}
