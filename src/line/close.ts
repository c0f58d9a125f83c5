import { Text } from '../i18n/index.ts';
import { addSystemMessage } from '../chat/messages.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../lib/errors.ts';
import { cleanText } from '../lib/input.ts';
import { commit } from '../realtime/events.ts';
import { sql } from '../lib/sql.ts';
import { supporterName } from '../supporters/names.ts';
import { dropHelpersAndOffers } from '../handover/cleanup.ts';

export const RESOLUTION_MAX = 2000;

const close = sql("UPDATE tickets SET state = 'closed', closed_at = ?, resolution = ?, away = 0 WHERE id = ? AND state = 'claimed' AND supporter_id = ?");
const stateAndHolder = sql<{ state: string; supporterId: number | null }>('SELECT state, supporter_id AS supporterId FROM tickets WHERE id = ?');

/** The supporter holding a ticket closes it, optionally noting how it was resolved. It becomes a transcript. */
export function closeTicket(deps: Deps, ticketId: number, supporterId: number, rawResolution: unknown): void {
  const resolution = cleanText(rawResolution);
  if ([...resolution].length > RESOLUTION_MAX) {
    throw new Invalid(new Text('desk.resolutionTooLong', { max: RESOLUTION_MAX }), { resolution: new Text('desk.atMost', { max: RESOLUTION_MAX }) });
  }
  commit(deps, (tx, emit) => {
    const now = deps.clock.now();
    const closed = close.run(tx, now, resolution || null, ticketId, supporterId).changes === 1;
    if (!closed) {
      const ticket = stateAndHolder.get(tx, ticketId);
      if (!ticket) throw new NotFound(new Text('desk.noSuchTicket'));
      if (ticket.state === 'closed') throw new Conflict(new Text('desk.alreadyClosed'));
      throw new Forbidden(new Text('desk.onlyHolder.close'));
    }
    const name = supporterName(tx, supporterId) ?? new Text('desk.theSupporter');
    dropHelpersAndOffers(tx, emit, ticketId);
    addSystemMessage(tx, emit, ticketId, supporterId, new Text('system.closed', { name }), now);
    emit({ topic: 'line', type: 'ticket.closed', ticketId, supporterId });
  });
}
