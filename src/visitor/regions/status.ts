import { partial, render } from '../../lib/render.ts';
import { placeInLine, ticketView, waitingCount, type TicketView } from '../../line/tickets.ts';
import { msPerPlace } from '../../line/wait-estimate.ts';
import { placeCard } from '../places.ts';
import { ratingOffered } from '../../line/rating.ts';
import { nameAmongSeveral } from '../../groups/groups.ts';
import type { Lang } from '../../i18n/index.ts';
import type { Deps } from '../../lib/deps.ts';
import type { TicketPageRegion, TicketPageView } from './region.ts';

/** What the status card and the message form need. */
export function statusData(deps: Deps, ticket: TicketView, base: string, csrf: string, lang: Lang) {
  const waiting = ticket.state === 'waiting';
  const scope = ticket.groupId === null ? null : [ticket.groupId];
  const place = waiting ? placeCard(placeInLine(deps.db, ticket), waitingCount(deps.db, scope), msPerPlace(deps.db, deps.clock.now())) : null;
  // The line is named when the team has more than one (first line, second line).
  const group = waiting && ticket.groupId !== null ? nameAmongSeveral(deps.db, ticket.groupId, lang) : null;
  return { ticket, place, group, base, csrf, ratingOffered: ratingOffered(ticket), lang };
}

/** A reaction that redraws one part of the page from its ticket as it is now, when the event is about that ticket. */
export function redraws(target: string, swap: string, view: string) {
  return (event: { ticketId: number }, page: TicketPageView): string => {
    const ticket = event.ticketId === page.ticketId ? ticketView(page.deps.db, page.ticketId) : undefined;
    return ticket ? partial(target, swap, render(view, statusData(page.deps, ticket, page.base, '', page.lang))) : '';
  };
}

const statusCard = redraws('#ticket-status', 'innerHTML', 'ticket/_status');

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
    'ticket.rejoined': statusCard,
    'ticket.closed': statusCard,
    'ticket.handed': statusCard,
    'ticket.helpers': statusCard,
    'ticket.regrouped': statusCard,
    'ticket.escalated': statusCard,
    'ticket.rating': statusCard,
  },
} satisfies TicketPageRegion;
