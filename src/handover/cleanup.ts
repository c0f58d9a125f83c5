import { sql, type Db } from '../lib/sql.ts';
import type { Emit } from '../realtime/events.ts';

const dropHelpers = sql('DELETE FROM ticket_helpers WHERE ticket_id = ? RETURNING supporter_id');
const withdrawOffers = sql<{ id: number; toId: number; fromId: number }>("UPDATE transfers SET state = 'withdrawn' WHERE ticket_id = ? AND state = 'pending' RETURNING id, to_id AS toId, from_id AS fromId");

/**
 * A ticket leaves its holder's hands (closed, back in the line, handed on): invited colleagues
 * lose their tab and open offers for it are withdrawn. Runs inside the caller's transaction.
 */
export function dropHelpersAndOffers(tx: Db, emit: Emit, ticketId: number, keepHelpers = false): void {
  if (!keepHelpers) {
    const helpers = dropHelpers.values(tx, ticketId) as number[];
    for (const helper of helpers) emit({ topic: 'ticket', type: 'tab.closed', supporterId: helper, data: { ticketId } });
  }
  const offers = withdrawOffers.all(tx, ticketId);
  for (const offer of offers) {
    for (const supporterId of [offer.toId, offer.fromId]) {
      emit({ topic: 'ticket', type: 'transfer.answered', supporterId, data: { ticketId, transferId: offer.id, state: 'withdrawn' } });
    }
  }
}
