import { staffedElement } from './staffing.ts';
import { complaintsAbout } from '../complaints/complaints.ts';
import { availableSupporterCount } from '../presence/status.ts';
import { listMessages } from '../chat/messages.ts';
import { forReader } from '../chat/system-lines.ts';
import type { Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { partial, render } from '../lib/render.ts';
import { ticketView, type TicketView } from '../line/tickets.ts';
import type { EventType, LineupEvent } from '../realtime/catalogue.ts';
import { react } from '../realtime/catalogue.ts';
import { composer } from './regions/composer.ts';
import { conversation } from './regions/conversation.ts';
import type { TicketPageRegion, TicketPageView } from './regions/region.ts';
import { status, statusData } from './regions/status.ts';

/** The ticket page's regions, in the order their parts of a frame (and of a reset) are written. */
export const TICKET_PAGE_REGIONS = [status, conversation, composer] as const;

/** Types a visitor's page shows nothing of (the desk's business, or routed to desks only). */
const NOT_ON_THE_TICKET_PAGE = [
  'ticket.details', 'visitor.presence', 'tab.closed', 'transfer.offered', 'transfer.answered', 'helper.joined',
  'team.message', 'hours.changed', 'supporter.added', 'supporter.enabled', 'supporter.disabled', 'supporter.status', 'supporter.presence',
  'session.ended', 'supporter.groups', 'offer.rang', 'offer.ended', 'sla.breached', 'sla.ended', 'complaint.changed',
  // The second wave sees the ticket too: the visitor still waits in the same line, at the same place.
  'ticket.widened',
] as const satisfies readonly EventType[];

type DrawnBy<R> = R extends { reactions: infer M } ? keyof M : never;
type Undecided = Exclude<EventType, DrawnBy<(typeof TICKET_PAGE_REGIONS)[number]> | (typeof NOT_ON_THE_TICKET_PAGE)[number]>;
/** Does not compile, and names the type, while a type is neither drawn by a region nor listed as not on the page. */
export const TICKET_PAGE_DECIDES_EVERY_TYPE: [Undecided] extends [never] ? true : { undecided: Undecided } = true;

/** Everything the visitor's ticket page shows, for the page itself and for a reset. */
export function visitorPageData(deps: Deps, ticket: TicketView, base: string, csrf: string, lang: Lang = 'en') {
  return {
    ...statusData(deps, ticket, base, csrf, lang), messages: listMessages(deps.db, ticket.id).map((m) => forReader(m, lang)),
    // Whether anyone can take the visitor now; kept current by the StaffingBoard's pushes.
    staffed: staffedElement(availableSupporterCount(deps.db) === 0),
    // Whether the visitor complained about this conversation already (src/complaints/).
    complained: complaintsAbout(deps.db, ticket.id) > 0,
  };
}

export function visitorSnapshot(deps: Deps, ticketId: number, base: string, lang: Lang = 'en'): string {
  const ticket = ticketView(deps.db, ticketId);
  if (!ticket) return '';
  const data = visitorPageData(deps, ticket, base, '', lang);
  return partial('#ticket-status', 'innerHTML', render('ticket/_status', data))
    + partial('#log', 'innerHTML', data.messages.map((m) => render('chat/_message', { m, lang })).join(''))
    + partial('#composer', 'outerHTML', render('ticket/_composer', data));
}

/** How one event looks on one visitor's ticket page; null when it changes nothing there. */
export function visitorRenderer(deps: Deps, ticketId: number, base: string, lang: Lang = 'en') {
  const view: TicketPageView = { deps, ticketId, base, lang };
  return (event: LineupEvent): string | null => {
    let html = '';
    for (const region of TICKET_PAGE_REGIONS as readonly TicketPageRegion[]) html += react(region.reactions, event, view);
    return html || null;
  };
}
