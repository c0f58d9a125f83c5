import type { TicketPageRegion } from './region.ts';
import { redraws } from './status.ts';

/** The message form gives way once the ticket is over (closed, or the visitor left the line). */
const freshComposer = redraws('#composer', 'outerHTML', 'ticket/_composer');

export const composer = {
  reactions: {
    'ticket.closed': freshComposer,
    'ticket.left': freshComposer,
  },
} satisfies TicketPageRegion;
