import type { Db } from '../lib/db.ts';
import type { Deps } from '../lib/deps.ts';
import type { EventOf, EventType, LineupEvent, NewEvent } from './catalogue.ts';

/**
 * A change another domain makes in the same transaction as an event it follows: it commits or
 * rolls back with the change that caused it (a mail queued with the reply it announces), and the
 * domain that emitted the event knows nothing of it.
 */
export type WithinReaction<T extends EventType> = (deps: Deps, tx: Db, event: EventOf<T>, emit: (event: NewEvent) => void) => void;

/** Every type's reactions inside the transaction (see src/reactions.ts for the list). */
export type WithinCommit = { readonly [T in EventType]?: ReadonlyArray<WithinReaction<T>> };

/**
 * Runs the reactions to the events a change emitted, at the end of that change and inside its
 * transaction, so each reaction sees the whole change (a message together with its files). What
 * a reaction emits joins the change's events, and is reacted to in turn.
 */
export function reactWithin(deps: Deps, events: LineupEvent[], emit: (event: NewEvent) => void): void {
  // Indexed, not iterated: the reactions' own events are appended as the loop goes.
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    const reactions = deps.within[event.type] as ReadonlyArray<WithinReaction<EventType>> | undefined;
    if (reactions) for (const reaction of reactions) reaction(deps, deps.db, event as never, emit);
  }
}
