import { messageHtml } from '../../chat/message-html.ts';
import { partial } from '../../lib/render.ts';
import type { DeskRegion } from './region.ts';

/** A tab's conversation: each new line (notes included) at the end, and the typing line cleared. */
export const conversation = {
  addressed: {
    'message.posted': (event, { deps, lang }) => {
      // Events visitors must not see (private notes, colleagues' copies) carry their ticket in their data only.
      const ticketId = event.ticketId ?? event.data.ticketId;
      return partial(`#log-${ticketId}`, 'beforeend', messageHtml(deps, event.data.messageId, lang)) + partial(`#typing-${ticketId}`, 'innerHTML');
    },
  },
} satisfies DeskRegion;
