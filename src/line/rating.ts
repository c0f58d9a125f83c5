import { addSystemMessage } from '../chat/messages.ts';
import { Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Conflict, Forbidden, Invalid, NotFound } from '../lib/errors.ts';
import { cleanText } from '../lib/input.ts';
import { sql } from '../lib/sql.ts';
import { inChat } from '../handover/participants.ts';
import { commit } from '../realtime/events.ts';
import type { TicketView } from './tickets.ts';

const ratingOf = sql<{ id: number; state: string; supporterId: number | null; rating: number | null; declined: number; asked: number | null }>('SELECT id, state, supporter_id AS supporterId, rating, rating_declined AS declined, rating_asked_at AS asked FROM tickets WHERE id = ?');
const askedAt = sql('UPDATE tickets SET rating_asked_at = ? WHERE id = ?');
const rate = sql(`UPDATE tickets SET rating = ?, rating_comment = ?, rating_declined = ?, rated_at = ?
      WHERE id = ? AND rating IS NULL AND rating_declined = 0`);

export const RATING_COMMENT_MAX = 1000;

/** Whether the visitor's page offers the rating form now: when asked during the chat, or once it is closed. */
export function ratingOffered(t: TicketView): boolean {
  if (t.offline || t.rating !== null || t.ratingDeclined || t.supporterId === null) return false;
  return t.state === 'closed' || (t.state === 'claimed' && t.ratingAskedAt !== null);
}

/** A supporter in the chat asks the visitor to rate it (they can at any time). */
export function askForRating(deps: Deps, ticketId: number, supporterId: number): void {
  commit(deps, (tx, emit) => {
    const t = ratingOf.get(deps.db, ticketId);
    if (!t) throw new NotFound(new Text('desk.noSuchTicket'));
    if (!inChat(tx, t, supporterId)) throw new Forbidden(new Text('desk.onlyInChatRating'));
    if (t.rating !== null || t.declined) throw new Conflict(new Text('desk.alreadyAnswered'));
    if (t.asked !== null) return;
    const now = deps.clock.now();
    askedAt.run(deps.db, now, ticketId);
    addSystemMessage(tx, emit, ticketId, t.supporterId, new Text('system.askRating'), now);
    emit({ topic: 'ticket', type: 'ticket.rating', ticketId, supporterId: t.supporterId });
  });
}

/** The visitor rates the conversation (1-5 stars and an optional comment) or says "No thanks". Once. */
export function rateTicket(deps: Deps, ticket: TicketView, input: { stars?: unknown; comment?: unknown; decline?: boolean }): void {
  const comment = cleanText(input.comment);
  const stars = typeof input.stars === 'string' && /^[1-5]$/.test(input.stars) ? Number(input.stars) : null;
  if (!input.decline && stars === null) throw new Invalid(new Text('rating.chooseStars'), { stars: new Text('rating.chooseStarsField') });
  if ([...comment].length > RATING_COMMENT_MAX) throw new Invalid(new Text('rating.commentTooLong', { max: RATING_COMMENT_MAX }), { comment: new Text('rating.atMost', { max: RATING_COMMENT_MAX }) });
  if (!ratingOffered(ticket)) {
    throw new Conflict(new Text(ticket.rating !== null || ticket.ratingDeclined ? 'rating.alreadyRated' : 'rating.nothingYet'));
  }
  commit(deps, (tx, emit) => {
    const now = deps.clock.now();
    // Conditional, so two answers sent at once store one.
    const stored = rate.run(deps.db, input.decline ? null : stars, input.decline ? null : comment || null, input.decline ? 1 : 0, now, ticket.id).changes === 1;
    if (!stored) throw new Conflict(new Text('rating.alreadyRated'));
    if (!input.decline) addSystemMessage(tx, emit, ticket.id, ticket.supporterId, new Text('system.rated', { name: ticket.visitorName, stars: stars! }), now);
    emit({ topic: 'ticket', type: 'ticket.rating', ticketId: ticket.id, supporterId: ticket.supporterId });
  });
}
