import { Text, type Key } from '../i18n/index.ts';
import { Conflict, Forbidden, NotFound } from '../lib/errors.ts';
import { sql, type Db } from '../lib/sql.ts';

const ticketAndHolder = sql<HeldTicket>(`SELECT t.id, t.state, t.supporter_id AS supporterId,
      t.visitor_name AS visitorName, s.name AS holderName, t.visitor_key AS visitorKey, t.visitor_ip AS visitorIp
    FROM tickets t LEFT JOIN supporters s ON s.id = t.supporter_id WHERE t.id = +?`);

export interface HeldTicket {
  id: number;
  state: string;
  supporterId: number;
  visitorName: string;
  holderName: string | null;
  visitorKey: string | null;
  visitorIp: string | null;
}

/** What only the holder may do, each with its own refusal (a sentence per action translates better than a fragment). */
const REFUSALS = {
  'start a meeting': 'desk.onlyHolder.meeting',
  'invite colleagues': 'desk.onlyHolder.invite',
  'put it back in the line': 'desk.onlyHolder.backToLine',
  'hand it over': 'desk.onlyHolder.handOver',
  'change its visitor details': 'desk.onlyHolder.details',
} as const satisfies Record<string, Key>;
export type HolderAction = keyof typeof REFUSALS;

/**
 * The ticket, when `supporterId` holds it (claimed, in their tab); call inside the change's
 * transaction. Anyone else is refused with the reason: an unknown ticket is not found, a closed
 * one is a conflict (or, with `closed: 'refused'`, refused like everyone who does not hold it).
 * `doing` names the action (its refusal is said in the reader's language), or is the refusal itself.
 *
 * @example
 * heldTicket(tx, ticketId, me, 'invite colleagues');
 */
export function heldTicket(db: Db, ticketId: number | null, supporterId: number, doing: HolderAction | Text, closed: 'conflict' | 'refused' = 'conflict'): HeldTicket {
  const ticket = ticketId === null ? undefined : ticketAndHolder.get(db, ticketId);
  if (!ticket) throw new NotFound(new Text('desk.noSuchTicket'));
  if (ticket.state === 'closed' && closed === 'conflict') throw new Conflict(new Text('ticket.isClosed'));
  if (ticket.state !== 'claimed' || ticket.supporterId !== supporterId) throw new Forbidden(doing instanceof Text ? doing : new Text(REFUSALS[doing]));
  return ticket;
}
