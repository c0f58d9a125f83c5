import { and, eq } from 'drizzle-orm';
import { Text } from '../i18n/index.ts';
import { addSystemMessage, lastMessageId } from '../chat/messages.ts';
import type { Db } from '../lib/db.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, NotFound } from '../lib/errors.ts';
import { commit, type Emit } from '../realtime/events.ts';
import { supporters } from '../supporters/schema.ts';
import { tickets } from './schema.ts';
import { dropHelpersAndOffers } from '../handover/cleanup.ts';

/**
 * A supporter pulls a ticket from the line into a tab. Exactly one claim wins: the winner is
 * decided by a single conditional UPDATE, never by a read followed by a write. The losers learn why.
 */
export function claimTicket(deps: Deps, ticketId: number, supporterId: number): void {
  commit(deps, (tx, emit) => {
    const now = deps.clock.now();
    const won = tx.update(tickets).set({ state: 'claimed', supporterId, claimedAt: now })
      .where(and(eq(tickets.id, ticketId), eq(tickets.state, 'waiting'), eq(tickets.away, false)))
      .run().changes === 1;
    if (!won) throw whyNotClaimable(tx, ticketId);
    const name = tx.select({ name: supporters.name }).from(supporters).where(eq(supporters.id, supporterId)).get()?.name ?? new Text('desk.aSupporter');
    // The new tab shows the conversation up to here; later lines arrive as their own events.
    const upTo = lastMessageId(tx, ticketId);
    emit({ topic: 'line', type: 'ticket.claimed', ticketId, supporterId, data: { upTo } });
    addSystemMessage(tx, emit, ticketId, supporterId, new Text('system.joined', { name }), now);
  });
}

function whyNotClaimable(tx: Db, ticketId: number): Error {
  const ticket = tx.select({ state: tickets.state, away: tickets.away, holder: supporters.name })
    .from(tickets).leftJoin(supporters, eq(supporters.id, tickets.supporterId)).where(eq(tickets.id, ticketId)).get();
  if (!ticket) return new NotFound(new Text('desk.noSuchTicket'));
  if (ticket.state === 'claimed') return new Conflict(new Text('desk.claimedFirst', { name: ticket.holder ?? new Text('desk.anotherSupporter') }));
  if (ticket.state === 'closed') return new Conflict(new Text('desk.alreadyClosed'));
  return new Conflict(new Text('desk.visitorAway'));
}

/**
 * Puts every ticket a supporter holds back into the line (for example when the account is
 * disabled). Arrival time is unchanged, so each ticket returns to its old place near the front.
 */
export function releaseTicketsOf(tx: Db, emit: Emit, supporterId: number, now: number): void {
  const held = tx.select({ id: tickets.id }).from(tickets)
    .where(and(eq(tickets.supporterId, supporterId), eq(tickets.state, 'claimed'))).all();
  for (const { id } of held) {
    dropHelpersAndOffers(tx, emit, id);
    tx.update(tickets).set({ state: 'waiting', supporterId: null, claimedAt: null }).where(eq(tickets.id, id)).run();
    emit({ topic: 'line', type: 'ticket.released', ticketId: id, supporterId });
    addSystemMessage(tx, emit, id, null, new Text('system.supporterLeft'), now);
  }
}
