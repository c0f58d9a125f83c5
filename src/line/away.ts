import { Text } from '../i18n/index.ts';
import { addSystemMessage, messageCount, MESSAGES_PER_TICKET_MAX } from '../chat/messages.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict } from '../lib/errors.ts';
import { commit } from '../realtime/events.ts';
import { sql } from '../lib/sql.ts';
import type { TicketView } from './tickets.ts';

const setAwayRow = sql("UPDATE tickets SET away = ? WHERE id = ? AND state IN ('waiting', 'claimed') AND away = ?");
const stateAndHolder = sql<{ state: string; supporterId: number | null }>('SELECT state, supporter_id AS supporterId FROM tickets WHERE id = ?');

/**
 * The visitor steps away or comes back. Their place in line is untouched (the line is ordered
 * by arrival only); while away, claims skip them.
 */
export function setAway(deps: Deps, ticket: TicketView, away: boolean): void {
  commit(deps, (tx, emit) => {
    const changed = setAwayRow.run(tx, away ? 1 : 0, ticket.id, away ? 0 : 1).changes === 1;
    if (!changed) {
      const current = stateAndHolder.get(tx, ticket.id);
      if (current?.state === 'closed' || current?.state === 'abandoned') throw new Conflict(new Text('ticket.isClosed'));
      return; // already in the asked state: pressing twice is harmless
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
