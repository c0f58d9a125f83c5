import { randomBytes } from 'node:crypto';
import { Text } from '../i18n/index.ts';
import { addSystemMessage } from '../chat/messages.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Forbidden, NotFound } from '../lib/errors.ts';
import { statement } from '../lib/statements.ts';
import { commit } from '../realtime/events.ts';

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
    const ticket = statement(deps.sqlite, `SELECT t.state, t.supporter_id AS supporterId, t.meeting_url AS meetingUrl, s.name
      FROM tickets t LEFT JOIN supporters s ON s.id = t.supporter_id WHERE t.id = ?`).get(ticketId) as
      { state: string; supporterId: number | null; meetingUrl: string | null; name: string | null } | undefined;
    if (!ticket) throw new NotFound('There is no such ticket.');
    if (ticket.state === 'closed') throw new Conflict('This ticket is closed.');
    if (ticket.state !== 'claimed' || ticket.supporterId !== supporterId) throw new Forbidden('Only the supporter who holds this ticket can start a meeting.');
    if (ticket.meetingUrl) return ticket.meetingUrl;
    const now = deps.clock.now();
    statement(deps.sqlite, 'UPDATE tickets SET meeting_url = ?, escalated_at = ? WHERE id = ?').run(url, now, ticketId);
    addSystemMessage(tx, emit, ticketId, supporterId, new Text('system.meeting', { name: ticket.name ?? new Text('system.yourSupporter'), url }), now);
    emit({ topic: 'ticket', type: 'ticket.escalated', ticketId, supporterId });
    return url;
  });
}
