import { Text, type Lang } from '../i18n/index.ts';
import { nameAmongSeveral } from '../groups/groups.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, NotFound } from '../lib/errors.ts';
import { sql, type Db } from '../lib/sql.ts';
import { commit } from '../realtime/events.ts';
import { claimTicket } from '../line/claims.ts';
import { supporterName } from '../supporters/names.ts';
import { endRinging, routeTicket, type Ringing } from './routing.ts';

export interface OfferView extends Ringing {
  outcome: string; createdAt: number; visitorName: string; problem: string; groupId: number | null; holderId: number | null;
}

const OFFER_SQL = `SELECT o.id, o.ticket_id AS ticketId, o.supporter_id AS supporterId, o.wave, o.round, o.ends_at AS endsAt,
    o.outcome, o.created_at AS createdAt, t.visitor_name AS visitorName, t.problem, t.group_id AS groupId, t.supporter_id AS holderId
  FROM offers o JOIN tickets t ON t.id = o.ticket_id`;
const offerWithId = sql<OfferView>(`${OFFER_SQL} WHERE o.id = +?`);
const ringingAt = sql<OfferView>(`${OFFER_SQL} WHERE o.supporter_id = +? AND o.outcome = 'ringing' LIMIT 10`);

export function offerById(db: Db, id: number): OfferView | undefined {
  return offerWithId.get(db, id);
}

/** The offers ringing on a supporter's desk now (one, but a desk shows whatever there is). */
export function ringingAtDesk(db: Db, supporterId: number): OfferView[] {
  return ringingAt.all(db, supporterId);
}

/** An offer as its card shows it: the ticket's group is named when the team has several. */
export function ringing(db: Db, o: OfferView, lang: Lang): OfferView & { group: string | null } {
  return { ...o, group: o.groupId === null ? null : nameAmongSeveral(db, o.groupId, lang) };
}

/**
 * The supporter whose desk rings answers. Accepting claims the ticket like any claim (exactly
 * one claim wins: someone who claimed it meanwhile keeps it, and the acceptor is told who);
 * declining rings the next candidate at once. An answer after the offer lapsed is refused.
 */
export function answerOffer(deps: Deps, offerId: number, supporterId: number, accept: boolean): void {
  const offer = offerById(deps.db, offerId);
  if (!offer || offer.supporterId !== supporterId) throw new NotFound(new Text('desk.offers.notFound'));
  if (offer.outcome === 'ringing' && offer.endsAt <= deps.clock.now()) {
    // Due to lapse and not yet swept: it lapses now, and the late answer is refused.
    commit(deps, (tx, emit) => routeTicket(tx, emit, offer.ticketId, deps.clock.now()));
    throw new Conflict(new Text('desk.offers.lapsed'));
  }
  if (offer.outcome === 'lapsed') throw new Conflict(new Text('desk.offers.lapsed'));
  if (offer.outcome === 'taken') throw new Conflict(new Text('desk.claimedFirst', { name: holderName(deps.db, offer) }));
  if (offer.outcome !== 'ringing') throw new Conflict(new Text('desk.offers.over'));
  if (accept) {
    claimTicket(deps, offer.ticketId, supporterId);
    return;
  }
  commit(deps, (tx, emit) => {
    const now = deps.clock.now();
    // Lapsed or taken a moment ago: the answer comes too late.
    if (!endRinging(tx, emit, offer, 'declined', now)) throw new Conflict(new Text('desk.offers.over'));
    routeTicket(tx, emit, offer.ticketId, now);
  });
}

function holderName(db: Db, offer: OfferView): string | Text {
  return (offer.holderId === null ? null : supporterName(db, offer.holderId)) ?? new Text('desk.anotherSupporter');
}
