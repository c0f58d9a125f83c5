import { addSystemMessage, lastMessageId } from '../chat/messages.ts';
import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, NotFound } from '../lib/errors.ts';
import { sql } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';
import { heldTicket } from '../line/held.ts';
import { availableColleague } from './checks.ts';
import { helpersOf } from './participants.ts';

const addHelper = sql('INSERT INTO ticket_helpers (ticket_id, supporter_id, added_at) VALUES (?, ?, ?)');
const removeHelper = sql('DELETE FROM ticket_helpers WHERE ticket_id = ? AND supporter_id = ?');
const holderAndHelperName = sql('SELECT t.supporter_id AS holder, s.name FROM tickets t, supporters s WHERE t.id = +? AND s.id = +?');

/** A ticket has at most this many invited colleagues beside its holder. */
export const HELPERS_MAX = 5;

/**
 * The holder invites a colleague into a ticket: both can write, the colleague gets the tab with
 * the conversation so far, and the visitor sees who is there.
 */
export function inviteColleague(deps: Deps, ticketId: number, holderId: number, rawTo: unknown): void {
  commit(deps, (tx, emit) => {
    heldTicket(tx, ticketId, holderId, 'invite colleagues');
    const colleague = availableColleague(tx, rawTo, holderId);
    const helpers = helpersOf(tx, ticketId);
    if (helpers.includes(colleague.id)) throw new Conflict(new Text('teamwork.alreadyInChat', { name: colleague.name }));
    if (helpers.length >= HELPERS_MAX) throw new Conflict(new Text('teamwork.tooManyHelpers', { max: HELPERS_MAX }));
    const now = deps.clock.now();
    // Said before the colleague is in: their tab opens with the conversation up to this line.
    addSystemMessage(tx, emit, ticketId, holderId, new Text('system.joined', { name: colleague.name }), now);
    addHelper.run(tx, ticketId, colleague.id, now);
    emit({ topic: 'ticket', type: 'helper.joined', supporterId: colleague.id, data: { ticketId, upTo: lastMessageId(tx, ticketId) } });
    emit({ topic: 'line', type: 'ticket.helpers', ticketId, supporterId: holderId });
  });
}

/** An invited colleague leaves the chat; the holder carries on. */
export function leaveChat(deps: Deps, ticketId: number, helperId: number): void {
  commit(deps, (tx, emit) => {
    const left = removeHelper.run(tx, ticketId, helperId).changes === 1;
    if (!left) throw new NotFound(new Text('teamwork.notInChat'));
    const ticket = holderAndHelperName.get(tx, ticketId, helperId) as { holder: number | null; name: string };
    addSystemMessage(tx, emit, ticketId, ticket.holder, new Text('system.leftChat', { name: ticket.name }), deps.clock.now());
    emit({ topic: 'ticket', type: 'tab.closed', supporterId: helperId, data: { ticketId } });
    emit({ topic: 'line', type: 'ticket.helpers', ticketId, supporterId: ticket.holder });
  });
}
