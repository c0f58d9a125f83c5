import { Text } from '../i18n/index.ts';
import { addSystemMessage, messageCount, MESSAGES_PER_TICKET_MAX } from '../chat/messages.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Invalid } from '../lib/errors.ts';
import { cleanLine } from '../lib/input.ts';
import { commit } from '../realtime/events.ts';
import { sql } from '../lib/sql.ts';
import type { TicketView } from './tickets.ts';

const setAwayRow = sql("UPDATE tickets SET away = ?, away_message = ? WHERE id = ? AND state IN ('waiting', 'claimed') AND away = ?");
const setNoteRow = sql("UPDATE tickets SET away_message = ? WHERE id = ? AND state IN ('waiting', 'claimed') AND away = 1 AND coalesce(away_message, '') != ?");

/** The longest note a visitor may leave when stepping away. */
export const AWAY_NOTE_MAX = 80;
const stateAndHolder = sql<{ state: string; supporterId: number | null }>('SELECT state, supporter_id AS supporterId FROM tickets WHERE id = ?');

/**
 * The visitor steps away or comes back. Their place in line is untouched (the line is ordered
 * by arrival only); while away, claims skip them.
 */
export function setAway(deps: Deps, ticket: TicketView, away: boolean, rawNote?: unknown): void {
  const note = away ? cleanLine(rawNote) : '';
  if ([...note].length > AWAY_NOTE_MAX) throw new Invalid(new Text('ticket.awayNoteTooLong', { max: AWAY_NOTE_MAX }), { note: new Text('ticket.awayNoteTooLong', { max: AWAY_NOTE_MAX }) });
  commit(deps, (tx, emit) => {
    const changed = setAwayRow.run(tx, away ? 1 : 0, note || null, ticket.id, away ? 0 : 1).changes === 1;
    if (!changed) {
      const current = stateAndHolder.get(tx, ticket.id);
      if (current?.state === 'closed' || current?.state === 'abandoned') throw new Conflict(new Text('ticket.isClosed'));
      // Already away: a new note replaces the old one (the desk hears of it); pressing twice is harmless.
      if (away && setNoteRow.run(tx, note || null, ticket.id, note).changes === 1) {
        emit({ topic: 'line', type: 'ticket.away', ticketId: ticket.id, supporterId: current?.supporterId ?? null });
      }
      return;
    }
    const fresh = stateAndHolder.get(tx, ticket.id);
    emit({ topic: 'line', type: away ? 'ticket.away' : 'ticket.back', ticketId: ticket.id, supporterId: fresh?.supporterId ?? null });
    // The status card always shows away or back; the conversation notes it while it has room,
    // so toggling cannot grow a ticket without end.
    if (messageCount(tx, ticket.id) < MESSAGES_PER_TICKET_MAX) {
      addSystemMessage(tx, emit, ticket.id, fresh?.supporterId ?? null,
        new Text(away ? 'system.steppedAway' : 'system.isBack', { name: ticket.visitorName }), deps.clock.now());
    }
  });
}
