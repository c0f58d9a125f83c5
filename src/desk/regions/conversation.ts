import { captionOf, messageHtml } from '../../chat/message-html.ts';
import { messageView } from '../../chat/messages.ts';
import type { Deps } from '../../lib/deps.ts';
import { partial, render } from '../../lib/render.ts';
import type { Lang } from '../../i18n/index.ts';
import { runningNorm } from '../../sla/timers.ts';
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

/** The tab's service norm after a line of the conversation (an answer meets it, a visitor's message starts the next). */
function slaOfTab(deps: Deps, ticketId: number, lang: Lang): string {
  const t = runningNorm(deps.db, ticketId);
  return t ? partial(`#tab-sla-${ticketId}`, 'outerHTML', render('desk/_sla', { t, id: `tab-sla-${ticketId}`, lang })) : '';
}

/** A tab's conversation: each new line (notes included) at the end, and the typing line cleared. */
export const conversation = {
  addressed: {
    'message.posted': (event, { deps, lang }) => {
      // Events visitors must not see (private notes, colleagues' copies) carry their ticket in their data only.
      const ticketId = event.ticketId ?? event.data.ticketId;
      return {
        html: partial(`#log-${ticketId}`, 'beforeend', messageHtml(deps, event.data.messageId, lang)) + partial(`#typing-${ticketId}`, 'innerHTML')
          + (event.ticketId !== null ? slaOfTab(deps, event.ticketId, lang) : ''),
        signals: visitorWrote(deps, ticketId, event.data.messageId),
      };
    },
  },
} satisfies DeskRegion;
