import type { Db } from '../lib/db.ts';
import { Forbidden, NotFound } from '../lib/errors.ts';
import { connectionOf, statement } from '../lib/statements.ts';

/** The parts of a held ticket that editing its details and blocking its visitor need. */
export interface HeldTicket {
  id: number;
  visitorName: string;
  visitorKey: string | null;
  visitorIp: string | null;
  supporterId: number;
}

/**
 * The ticket, if `supporterId` holds it (claimed, in their tab). Only the holder changes what the
 * desk knows about a visitor: they are the one talking to them. Call inside the change's transaction.
 */
export function heldTicket(tx: Db, ticketId: number | null, supporterId: number): HeldTicket {
  const row = ticketId === null ? undefined : statement(connectionOf(tx),
    `SELECT id, visitor_name AS visitorName, visitor_key AS visitorKey, visitor_ip AS visitorIp, supporter_id AS supporterId, state
     FROM tickets WHERE id = ?`).get(ticketId) as (HeldTicket & { state: string; supporterId: number | null }) | undefined;
  if (!row) throw new NotFound('There is no such ticket.');
  if (row.state !== 'claimed' || row.supporterId !== supporterId) {
    throw new Forbidden('Only the supporter who holds this ticket can change its visitor details.');
  }
  return { id: row.id, visitorName: row.visitorName, visitorKey: row.visitorKey, visitorIp: row.visitorIp, supporterId };
}
