import { describe, expect, expectTypeOf, it } from 'vitest';
import { DELIVERY, EVENT_TYPES, type EventOf, type LineupEvent, type NewEvent } from '../../src/realtime/catalogue.ts';
import type { Emit } from '../../src/realtime/events.ts';

// The catalogue is a compile-time contract: these lines are checked by `tsc --noEmit` (part of
// `npm test`), and each @ts-expect-error fails the type check the moment the catalogue loosens
// (an event type becomes a plain string, or data becomes a loose record).
function emitted(emit: Emit) {
  emit({ topic: 'line', type: 'ticket.claimed', ticketId: 1, supporterId: 2, data: { upTo: 3 } });
  // @ts-expect-error an unknown event type
  emit({ topic: 'line', type: 'ticket.claimd', ticketId: 1, supporterId: 2, data: { upTo: 3 } });
  // @ts-expect-error data of the wrong shape
  emit({ topic: 'line', type: 'ticket.claimed', ticketId: 1, supporterId: 2, data: { upto: 3 } });
  // @ts-expect-error data missing
  emit({ topic: 'line', type: 'ticket.claimed', ticketId: 1, supporterId: 2 });
  // @ts-expect-error the wrong channel for the type
  emit({ topic: 'team', type: 'ticket.joined', ticketId: 1 });
  // @ts-expect-error a routing id the type does not have
  emit({ topic: 'desks', type: 'team.message', supporterId: 4, data: { id: 5 } });
  // @ts-expect-error a note's copy must name its ticket in its data
  emit({ topic: 'ticket', type: 'message.posted', supporterId: 4, data: { messageId: 5 } });
}

function read(event: LineupEvent) {
  if (event.type === 'ticket.handed') expectTypeOf(event.data).toEqualTypeOf<{ from: number; upTo: number }>();
  // @ts-expect-error a claim has no such data
  if (event.type === 'ticket.claimed') return event.data.transferId;
  return undefined;
}

describe('the event catalogue', () => {
  it('is checked by the compiler (see the @ts-expect-error lines above)', () => {
    expect([emitted, read].every((f) => typeof f === 'function')).toBe(true);
    expectTypeOf<EventOf<'ticket.closed'>['ticketId']>().toEqualTypeOf<number>();
    expectTypeOf<EventOf<'team.message'>['ticketId']>().toEqualTypeOf<null>();
    expectTypeOf<Extract<NewEvent, { type: 'hours.changed' }>['topic']>().toEqualTypeOf<'team'>();
  });

  it('gives every type its delivery properties: messages, offers ringing and ending, a lost account, new groups and an ended session go at once, claims and closes at once where addressed', () => {
    expect(EVENT_TYPES).toHaveLength(35);
    expect(EVENT_TYPES.filter((type) => DELIVERY[type].urgency === 'now')).toEqual(['message.posted', 'offer.rang', 'offer.ended', 'supporter.disabled', 'supporter.groups', 'session.ended']);
    expect(EVENT_TYPES.filter((type) => DELIVERY[type].urgency === 'now where addressed')).toEqual(['ticket.claimed', 'ticket.closed']);
    expect(EVENT_TYPES.filter((type) => DELIVERY[type].movesPlaces).sort()).toEqual(['ticket.claimed', 'ticket.closed', 'ticket.left', 'ticket.regrouped', 'ticket.rejoined', 'ticket.released']);
    // A desk moved between groups ends its stream after drawing its new lines, and reopens for them.
    expect(EVENT_TYPES.filter((type) => DELIVERY[type].endsAddressedDesk)).toEqual(['supporter.disabled', 'supporter.groups']);
  });
});
