import { captionOf, messageHtml } from '../../chat/message-html.ts';
import { messageView } from '../../chat/messages.ts';
import type { Deps } from '../../lib/deps.ts';
import { partial } from '../../lib/render.ts';
import type { Signal } from '../../realtime/signals.ts';
import type { DeskRegion } from './region.ts';

/**
 * A visitor's message in a tab: the desk counts it unread until the tab is looked at, and may
 * call for attention with its text (`lineup:message`, public/js/unread-counts.js).
 */
function visitorWrote(deps: Deps, ticketId: number, messageId: number): Signal[] {
  const m = messageView(deps.db, messageId);
  return m?.author === 'visitor' ? [{ name: 'lineup:message', data: { ticket: ticketId, message: m.id, text: captionOf(m) } }] : [];
}

/** A tab's conversation: each new line (notes included) at the end, and the typing line cleared. */
export const conversation = {
  addressed: {
    'message.posted': (event, { deps, lang }) => {
      // Events visitors must not see (private notes, colleagues' copies) carry their ticket in their data only.
      const ticketId = event.ticketId ?? event.data.ticketId;
      return {
        html: partial(`#log-${ticketId}`, 'beforeend', messageHtml(deps, event.data.messageId, lang)) + partial(`#typing-${ticketId}`, 'innerHTML'),
        signals: visitorWrote(deps, ticketId, event.data.messageId),
      };
    },
  },
} satisfies DeskRegion;
