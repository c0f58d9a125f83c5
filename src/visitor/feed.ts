import { listMessages } from '../chat/messages.ts';
import { messageHtml } from '../chat/message-html.ts';
import type { Deps } from '../lib/deps.ts';
import { partial, render } from '../lib/render.ts';
import { placeInLine, ticketView, type TicketView } from '../line/tickets.ts';
import { ratingOffered } from '../line/rating.ts';
import type { LineupEvent } from '../realtime/events.ts';
import { forReader } from '../chat/system-lines.ts';
import type { Lang } from '../i18n/index.ts';


/** What the status card and the message form need. */
function statusData(deps: Deps, ticket: TicketView, base: string, csrf: string, lang: Lang) {
  const place = ticket.state === 'waiting' ? placeInLine(deps.db, ticket) : null;
  return { ticket, place, base, csrf, ratingOffered: ratingOffered(ticket), lang };
}

/** Everything the visitor's ticket page shows, for the page itself and for a reset. */
export function visitorPageData(deps: Deps, ticket: TicketView, base: string, csrf: string, lang: Lang = 'en') {
  return { ...statusData(deps, ticket, base, csrf, lang), messages: listMessages(deps.db, ticket.id).map((m) => forReader(m, lang)) };
}

export function visitorSnapshot(deps: Deps, ticketId: number, base: string, lang: Lang = 'en'): string {
  const ticket = ticketView(deps.db, ticketId);
  if (!ticket) return '';
  const data = visitorPageData(deps, ticket, base, '', lang);
  return partial('#ticket-status', 'innerHTML', render('ticket/_status', data))
    + partial('#log', 'innerHTML', data.messages.map((m) => render('chat/_message', { m, lang })).join(''))
    + partial('#composer', 'outerHTML', render('ticket/_composer', data));
}

/** Events about this ticket alone (not the line) that change its status card. */
const STATUS_CHANGES = new Set(['ticket.escalated', 'ticket.rating']);

/** How one event looks on one visitor's ticket page; null when it changes nothing there. */
export function visitorRenderer(deps: Deps, ticketId: number, base: string, lang: Lang = 'en') {
  return (event: LineupEvent): string | null => {
    if (event.type === 'message.posted') {
      return event.ticketId === ticketId ? partial('#log', 'beforeend', messageHtml(deps, Number(event.data.messageId), lang)) + partial('#typing', 'innerHTML') : null;
    }
    // Line events reach this page only for its own ticket (places come from the place board).
    if (event.ticketId !== ticketId || (event.topic !== 'line' && !STATUS_CHANGES.has(event.type))) return null;
    const ticket = ticketView(deps.db, ticketId);
    if (!ticket) return null;
    const data = statusData(deps, ticket, base, '', lang);
    let html = partial('#ticket-status', 'innerHTML', render('ticket/_status', data));
    if (event.type === 'ticket.closed' || event.type === 'ticket.left') html += partial('#composer', 'outerHTML', render('ticket/_composer', data));
    return html;
  };
}
