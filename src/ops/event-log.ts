import type { Deps } from '../lib/deps.ts';
import { log } from '../lib/log.ts';
import type { EventType } from '../realtime/catalogue.ts';

/** The events worth a log line: who took, handed or closed which ticket, and changes to accounts and sessions. */
const NOTABLE = new Set<EventType>([
  'ticket.claimed', 'ticket.handed', 'ticket.released', 'ticket.closed', 'ticket.escalated', 'transfer.offered', 'transfer.answered',
  'supporter.added', 'supporter.enabled', 'supporter.disabled', 'session.ended',
]);

/**
 * One log line per notable event, after it was committed: its type and the ids it is about, never
 * its data (which may name people or carry text). Does nothing when the log is quieter than info.
 */
export function logNotableEvents(deps: Deps): void {
  if (!log.isLevelEnabled('info')) return;
  deps.hub.subscribe({
    topics: [], everything: true,
    deliver(event) {
      if (NOTABLE.has(event.type)) log.info({ event: { id: event.id, type: event.type, ticketId: event.ticketId, supporterId: event.supporterId } }, 'event');
    },
  });
}
