import { sql, type Db } from '../lib/sql.ts';

const helperIds = sql('SELECT supporter_id FROM ticket_helpers WHERE ticket_id = +? LIMIT 20');
const helperRow = sql('SELECT 1 FROM ticket_helpers WHERE ticket_id = ? AND supporter_id = ?');

/** Colleagues invited into a ticket beside its holder (they read and write in it too). */
export function helpersOf(db: Db, ticketId: number): number[] {
  return helperIds.values(db, ticketId) as number[];
}

function isHelper(db: Db, ticketId: number, supporterId: number): boolean {
  return helperRow.get(db, ticketId, supporterId) !== undefined;
}

/** Whether a supporter is in a ticket's chat now: it is claimed, and they hold it or were invited into it. */
export function inChat(db: Db, ticket: { id: number; state: string; supporterId: number | null }, supporterId: number): boolean {
  return ticket.state === 'claimed' && (ticket.supporterId === supporterId || isHelper(db, ticket.id, supporterId));
}

/** Everyone whose desk shows a ticket as a tab: its holder and its helpers. */
export function participantsOf(db: Db, ticketId: number, holder: number | null): number[] {
  const helpers = helpersOf(db, ticketId);
  return holder === null ? helpers : [holder, ...helpers.filter((id) => id !== holder)];
}
