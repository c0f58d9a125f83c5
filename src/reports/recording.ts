import type { Deps } from '../lib/deps.ts';
import { sql, type Db } from '../lib/sql.ts';
import type { EventOf } from '../realtime/catalogue.ts';
import { factOf, storedFactOf, storeFact } from './facts.ts';
import { moveDays } from './day-tables.ts';

/*
 * Reports are kept as tickets end, inside the change that ends them (src/reactions.ts), so a
 * report never scans the tickets: the ticket's figures replace what the day tables had for it.
 */

/** Takes a ticket's figures again: ended, changed after it ended (a rating), or no longer ended (an abandoned visitor back). */
export function refreshReport(tx: Db, ticketId: number): void {
  const before = storedFactOf(tx, ticketId);
  const after = factOf(tx, ticketId);
  if (!before && !after) return;
  if (before) moveDays(tx, before, -1);
  if (after) moveDays(tx, after, 1);
  storeFact(tx, ticketId, after);
}

export function reportOnTicket(_deps: Deps, tx: Db, event: EventOf<'ticket.closed' | 'ticket.left' | 'ticket.rating' | 'ticket.rejoined'>): void {
  refreshReport(tx, event.ticketId);
}

const complaintTicket = sql<{ ticketId: number }>('SELECT ticket_id AS ticketId FROM complaints WHERE id = ?');

/** A new complaint counts on its ticket's day (a complaint is made about a conversation that has ended, or still runs). */
export function reportOnComplaint(_deps: Deps, tx: Db, event: EventOf<'complaint.changed'>): void {
  if (!event.data.isNew) return;
  const ticket = complaintTicket.get(tx, event.data.complaintId);
  if (ticket) refreshReport(tx, ticket.ticketId);
}
