import type { Deps } from '../lib/deps.ts';
import { Text } from '../i18n/index.ts';
import { Conflict, Forbidden, NotFound } from '../lib/errors.ts';
import { sql } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';
import type { Role } from '../supporters/schema.ts';
import { handTicket } from './transfers.ts';

const ticketAndHolder = sql<{ state: string; holder: number | null; holderName: string | null }>(`SELECT t.state, t.supporter_id AS holder, s.name AS holderName
      FROM tickets t LEFT JOIN supporters s ON s.id = t.supporter_id WHERE t.id = +?`);
const moveToNewHolder = sql("UPDATE tickets SET supporter_id = ? WHERE id = ? AND state = 'claimed' AND supporter_id = ?");

/** A supervisor (or admin) takes a ticket over from the supporter holding it, who is told. */
export function takeOver(deps: Deps, ticketId: number, me: { id: number; name: string; role: Role }): void {
  if (me.role === 'supporter') throw new Forbidden(new Text('teamwork.onlySupervisors'));
  commit(deps, (tx, emit) => {
    const ticket = ticketAndHolder.get(tx, ticketId);
    if (!ticket) throw new NotFound(new Text('teamwork.noSuchTicket'));
    if (ticket.state === 'waiting') throw new Conflict(new Text('teamwork.ticketWaiting'));
    if (ticket.state === 'closed') throw new Conflict(new Text('ticket.isClosed'));
    if (ticket.holder === me.id) throw new Conflict(new Text('teamwork.alreadyHeld'));
    const moved = moveToNewHolder.run(tx, me.id, ticketId, ticket.holder).changes === 1;
    if (!moved) throw new Conflict(new Text('teamwork.changedHands'));
    handTicket(tx, emit, ticketId, ticket.holder!, me.id, new Text('system.tookOver', { name: me.name, from: ticket.holderName ?? new Text('system.aColleague') }), '', deps.clock.now(),
      me.name);
  });
}
