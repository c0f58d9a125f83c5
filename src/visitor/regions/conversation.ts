import { messageHtml } from '../../chat/message-html.ts';
import { partial } from '../../lib/render.ts';
import type { TicketPageRegion } from './region.ts';

/** The conversation: each new line at the end, and the "… is typing" line cleared. */
export const conversation = {
  reactions: {
    // Only the conversation's own copy names the ticket: notes and colleagues' copies never match.
    'message.posted': (event, { deps, ticketId, lang }) => (event.ticketId === ticketId
      ? partial('#log', 'beforeend', messageHtml(deps, event.data.messageId, lang)) + partial('#typing', 'innerHTML') : ''),
  },
} satisfies TicketPageRegion;
