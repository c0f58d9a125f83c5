import { and, eq } from 'drizzle-orm';
import { addSystemMessage } from '../chat/messages.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict } from '../lib/errors.ts';
import { commit } from '../realtime/events.ts';
import { tickets } from './schema.ts';
import type { TicketView } from './tickets.ts';

/**
 * A waiting visitor gives up their place (they found the answer, or have to go). The ticket
 * closes without a supporter and keeps what they wrote; once claimed, only the supporter closes it.
 */
export function leaveLine(deps: Deps, ticket: TicketView): void {
  commit(deps, (tx, emit) => {
    const now = deps.clock.now();
    const left = tx.update(tickets).set({ state: 'closed', closedAt: now, away: false })
      .where(and(eq(tickets.id, ticket.id), eq(tickets.state, 'waiting'))).run().changes === 1;
    if (!left) throw new Conflict('A supporter has already picked up your ticket, or it is closed.');
    addSystemMessage(tx, emit, ticket.id, null, `${ticket.visitorName} left the line.`, now);
    emit({ topic: 'line', type: 'ticket.left', ticketId: ticket.id });
  });
}
