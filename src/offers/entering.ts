import type { Deps } from '../lib/deps.ts';
import { sql, type Db } from '../lib/sql.ts';
import type { EventOf } from '../realtime/catalogue.ts';
import type { NewEvent } from '../realtime/events.ts';
import { enteredLine, stopOffers } from './routing.ts';

type Emit = (event: NewEvent) => void;
const resume = sql("UPDATE tickets SET next_offer_at = ? WHERE id = ? AND state = 'waiting'");

/*
 * Routing follows the line inside each change's own transaction (see src/reactions.ts): what is
 * due for a ticket is written with the change that made it due, so a restart loses no offer.
 */

/** A ticket entered a line (joined, came back, moved to another group's): its offers start over. */
export function offersOnEntering(deps: Deps, tx: Db, event: EventOf<'ticket.joined' | 'ticket.released' | 'ticket.rejoined' | 'ticket.regrouped'>, emit: Emit): void {
  enteredLine(tx, emit, event.ticketId, deps.clock.now());
}

/** Claimed: a ringing offer ends (accepted, when its supporter is the one who claimed). */
export function offersOnClaim(deps: Deps, tx: Db, event: EventOf<'ticket.claimed'>, emit: Emit): void {
  stopOffers(tx, emit, event.ticketId, 'taken', deps.clock.now(), event.supporterId);
}

/** Gone from the line, or its visitor stepped away: nobody is called for it. */
export function offersOnLeaving(deps: Deps, tx: Db, event: EventOf<'ticket.left' | 'ticket.closed' | 'ticket.away'>, emit: Emit): void {
  if (event.type === 'ticket.away' && event.supporterId !== null) return;
  stopOffers(tx, emit, event.ticketId, 'withdrawn', deps.clock.now());
}

/** The visitor is back on a waiting ticket: routing looks at it again at once. */
export function offersOnReturn(deps: Deps, tx: Db, event: EventOf<'ticket.back'>): void {
  if (event.supporterId === null) resume.run(tx, deps.clock.now(), event.ticketId);
}
