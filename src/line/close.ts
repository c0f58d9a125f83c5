import { and, eq } from 'drizzle-orm';
import { Text } from '../i18n/index.ts';
import { addSystemMessage } from '../chat/messages.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../lib/errors.ts';
import { cleanText } from '../lib/input.ts';
import { commit } from '../realtime/events.ts';
import { supporters } from '../supporters/schema.ts';
import { tickets } from './schema.ts';
import { dropHelpersAndOffers } from '../handover/cleanup.ts';

export const RESOLUTION_MAX = 2000;

/** The supporter holding a ticket closes it, optionally noting how it was resolved. It becomes a transcript. */
export function closeTicket(deps: Deps, ticketId: number, supporterId: number, rawResolution: unknown): void {
  const resolution = cleanText(rawResolution);
  if ([...resolution].length > RESOLUTION_MAX) {
    throw new Invalid(new Text('desk.resolutionTooLong', { max: RESOLUTION_MAX }), { resolution: new Text('desk.atMost', { max: RESOLUTION_MAX }) });
  }
  commit(deps, (tx, emit) => {
    const now = deps.clock.now();
    const closed = tx.update(tickets).set({ state: 'closed', closedAt: now, resolution: resolution || null, away: false })
      .where(and(eq(tickets.id, ticketId), eq(tickets.state, 'claimed'), eq(tickets.supporterId, supporterId))).run().changes === 1;
    if (!closed) {
      const ticket = tx.select({ state: tickets.state, supporterId: tickets.supporterId }).from(tickets).where(eq(tickets.id, ticketId)).get();
      if (!ticket) throw new NotFound(new Text('desk.noSuchTicket'));
      if (ticket.state === 'closed') throw new Conflict(new Text('desk.alreadyClosed'));
      throw new Forbidden(new Text('desk.onlyHolder.close'));
    }
    const name = tx.select({ name: supporters.name }).from(supporters).where(eq(supporters.id, supporterId)).get()?.name ?? new Text('desk.theSupporter');
    dropHelpersAndOffers(tx, emit, ticketId);
    addSystemMessage(tx, emit, ticketId, supporterId, new Text('system.closed', { name }), now);
    emit({ topic: 'line', type: 'ticket.closed', ticketId, supporterId });
  });
}
