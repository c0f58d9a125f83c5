import { randomBytes } from 'node:crypto';
import { Text } from '../i18n/index.ts';
import { addSystemMessage } from '../chat/messages.ts';
import type { Deps } from '../lib/deps.ts';
import { sql } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';
import { heldTicket } from './held.ts';

const meetingOf = sql('SELECT meeting_url FROM tickets WHERE id = ?');
const setMeeting = sql('UPDATE tickets SET meeting_url = ?, escalated_at = ? WHERE id = ?');

/** A room name nobody can guess (128 random bits), so only the two sides of the ticket find it. */
export function meetingRoom(): string {
  return `Lineup-${randomBytes(16).toString('hex')}`;
}

/**
 * The supporter holding a ticket moves the conversation to a meeting room (by default a public
 * Jitsi Meet room; MEETING_URL_TEMPLATE changes it). Both sides get the join link, and the
 * escalation stays on the ticket and in its transcript. Asking again returns the same room.
 */
export function escalateToMeeting(deps: Deps, ticketId: number, supporterId: number): string {
  const url = deps.config.meetingUrlTemplate.replace('{room}', encodeURIComponent(meetingRoom()));
  return commit(deps, (tx, emit) => {
    const ticket = heldTicket(tx, ticketId, supporterId, 'start a meeting');
    const earlier = meetingOf.value(deps.db, ticketId) as string | null;
    if (earlier) return earlier;
    const now = deps.clock.now();
    setMeeting.run(deps.db, url, now, ticketId);
    addSystemMessage(tx, emit, ticketId, supporterId, new Text('system.meeting', { name: ticket.holderName ?? new Text('system.yourSupporter'), url }), now);
    emit({ topic: 'ticket', type: 'ticket.escalated', ticketId, supporterId });
    return url;
  });
}
