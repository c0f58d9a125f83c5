import type { Db } from '../lib/db.ts';
import { Conflict, Forbidden, NotFound } from '../lib/errors.ts';
import { connectionOf, statement } from '../lib/statements.ts';

export interface HeldTicket {
  id: number;
  state: string;
  supporterId: number;
  visitorName: string;
  holderName: string | null;
  visitorKey: string | null;
  visitorIp: string | null;
}

/**
 * The ticket, when `supporterId` holds it (claimed, in their tab); call inside the change's
 * transaction. Anyone else is refused with the reason: an unknown ticket is not found, a closed
 * one is a conflict (or, with `closed: 'refused'`, refused like everyone who does not hold it).
 *
 * @example
 * heldTicket(tx, ticketId, me, 'invite colleagues');
 */
export function heldTicket(db: Db, ticketId: number | null, supporterId: number, doing: string, closed: 'conflict' | 'refused' = 'conflict'): HeldTicket {
  const ticket = ticketId === null ? undefined : statement(connectionOf(db), `SELECT t.id, t.state, t.supporter_id AS supporterId,
      t.visitor_name AS visitorName, s.name AS holderName, t.visitor_key AS visitorKey, t.visitor_ip AS visitorIp
    FROM tickets t LEFT JOIN supporters s ON s.id = t.supporter_id WHERE t.id = ?`).get(ticketId) as HeldTicket | undefined;
  if (!ticket) throw new NotFound('There is no such ticket.');
  if (ticket.state === 'closed' && closed === 'conflict') throw new Conflict('This ticket is closed.');
  if (ticket.state !== 'claimed' || ticket.supporterId !== supporterId) throw new Forbidden(`Only the supporter who holds this ticket can ${doing}.`);
  return ticket;
}
