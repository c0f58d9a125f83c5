import type { Db } from '../lib/db.ts';
import { connectionOf, statement } from '../lib/statements.ts';
import type { Emit } from '../realtime/events.ts';

/**
 * A ticket leaves its holder's hands (closed, back in the line, handed on): invited colleagues
 * lose their tab and open offers for it are withdrawn. Runs inside the caller's transaction.
 */
export function dropHelpersAndOffers(tx: Db, emit: Emit, ticketId: number, keepHelpers = false): void {
  const sqlite = connectionOf(tx);
  if (!keepHelpers) {
    const helpers = statement(sqlite, 'DELETE FROM ticket_helpers WHERE ticket_id = ? RETURNING supporter_id').pluck().all(ticketId) as number[];
    for (const helper of helpers) emit({ topic: 'ticket', type: 'tab.closed', supporterId: helper, data: { ticketId } });
  }
  const offers = statement(sqlite, "UPDATE transfers SET state = 'withdrawn' WHERE ticket_id = ? AND state = 'pending' RETURNING id, to_id AS toId, from_id AS fromId")
    .all(ticketId) as Array<{ id: number; toId: number; fromId: number }>;
  for (const offer of offers) {
    for (const supporterId of [offer.toId, offer.fromId]) {
      emit({ topic: 'ticket', type: 'transfer.answered', supporterId, data: { ticketId, transferId: offer.id, state: 'withdrawn' } });
    }
  }
}
