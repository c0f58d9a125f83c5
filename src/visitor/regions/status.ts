import { partial, render } from '../../lib/render.ts';
import { placeInLine, ticketView, type TicketView } from '../../line/tickets.ts';
import { ratingOffered } from '../../line/rating.ts';
import type { Lang } from '../../i18n/index.ts';
import type { Deps } from '../../lib/deps.ts';
import type { TicketPageRegion, TicketPageView } from './region.ts';

/** What the status card and the message form need. */
export function statusData(deps: Deps, ticket: TicketView, base: string, csrf: string, lang: Lang) {
  const place = ticket.state === 'waiting' ? placeInLine(deps.db, ticket) : null;
  return { ticket, place, base, csrf, ratingOffered: ratingOffered(ticket), lang };
}

/** The page's ticket as it is now, when the event is about it (null otherwise). */
export function ownTicket(event: { ticketId: number }, view: TicketPageView): TicketView | null {
  return event.ticketId === view.ticketId ? ticketView(view.deps.db, view.ticketId) ?? null : null;
}

function statusCard(event: { ticketId: number }, view: TicketPageView): string {
  const ticket = ownTicket(event, view);
  return ticket ? partial('#ticket-status', 'innerHTML', render('ticket/_status', statusData(view.deps, ticket, view.base, '', view.lang))) : '';
}

/**
 * Where the visitor stands: waiting (the place itself comes from the place board), away, talking
 * with someone (and who else is there), closed; the meeting room and the rating offer.
 */
export const status = {
  reactions: {
    'ticket.joined': statusCard,
    'ticket.claimed': statusCard,
    'ticket.released': statusCard,
    'ticket.away': statusCard,
    'ticket.back': statusCard,
    'ticket.left': statusCard,
    'ticket.closed': statusCard,
    'ticket.handed': statusCard,
    'ticket.helpers': statusCard,
    'ticket.escalated': statusCard,
    'ticket.rating': statusCard,
  },
} satisfies TicketPageRegion;
