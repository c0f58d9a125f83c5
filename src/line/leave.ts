import { Text } from '../i18n/index.ts';
import { addSystemMessage } from '../chat/messages.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict } from '../lib/errors.ts';
import { commit } from '../realtime/events.ts';
import { sql } from '../lib/sql.ts';
import type { TicketView } from './tickets.ts';

const leave = sql("UPDATE tickets SET state = 'closed', closed_at = ?, away = 0 WHERE id = ? AND state = 'waiting'");

/**
 * A waiting visitor gives up their place (they found the answer, or have to go). The ticket
 * closes without a supporter and keeps what they wrote; once claimed, only the supporter closes it.
 */
export function leaveLine(deps: Deps, ticket: TicketView): void {
  commit(deps, (tx, emit) => {
    const now = deps.clock.now();
    const left = leave.run(tx, now, ticket.id).changes === 1;
    if (!left) throw new Conflict(new Text('ticket.alreadyPicked'));
    addSystemMessage(tx, emit, ticket.id, null, new Text('system.leftLine', { name: ticket.visitorName }), now);
    emit({ topic: 'line', type: 'ticket.left', ticketId: ticket.id });
  });
}
