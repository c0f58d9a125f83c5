import { partial, render } from '../../lib/render.ts';
import type { TicketPageRegion, TicketPageView } from './region.ts';
import { ownTicket, statusData } from './status.ts';

/** The message form gives way once the ticket is over (closed, or the visitor left the line). */
function freshComposer(event: { ticketId: number }, view: TicketPageView): string {
  const ticket = ownTicket(event, view);
  return ticket ? partial('#composer', 'outerHTML', render('ticket/_composer', statusData(view.deps, ticket, view.base, '', view.lang))) : '';
}

export const composer = {
  reactions: {
    'ticket.closed': freshComposer,
    'ticket.left': freshComposer,
  },
} satisfies TicketPageRegion;
