import type { Deps } from '../lib/deps.ts';
import { Invalid, NotFound } from '../lib/errors.ts';
import { sql, type Db } from '../lib/sql.ts';
import { Text } from '../i18n/index.ts';
import { ticketByToken, type TicketView } from '../line/tickets.ts';
import { commit } from '../realtime/events.ts';
import { cleanPageUrl } from '../visitor/context.ts';
import type { Site } from './sites.ts';

const siteOfTicket = sql('SELECT site_id FROM tickets WHERE id = ?');
const setSite = sql('UPDATE tickets SET site_id = ?, visitor_verified = ? WHERE id = ?');
const setCurrentPage = sql('UPDATE tickets SET current_page = ? WHERE id = ? AND current_page IS NOT ?');

const DAY_MS = 24 * 3600_000;
/** Page changes a ticket may report per hour: plenty for a person clicking through a site. */
export const PAGE_REPORTS_PER_HOUR = 300;

/**
 * The ticket a widget's stored token leads to, or null when the panel should start over: the
 * token is unknown, belongs to another site (or to no site), or its ticket closed before today
 * (UTC). Today's conversation stays, however often the visitor moves between the site's pages.
 */
export function widgetTicket(deps: Deps, site: Site, token: string): TicketView | null {
  let ticket: TicketView;
  try {
    ticket = ticketByToken(deps, token);
  } catch (error) {
    if (error instanceof NotFound) return null;
    throw error;
  }
  const siteId = siteOfTicket.value(deps.db, ticket.id);
  if (siteId !== site.id) return null;
  const startOfToday = Math.floor(deps.clock.now() / DAY_MS) * DAY_MS;
  if (ticket.state === 'closed' && (ticket.closedAt ?? 0) < startOfToday) return null;
  return ticket;
}

/**
 * Marks a ticket as opened in a site's widget, inside the change that opens it (`tx`): the widget
 * finds it again by its site (widgetTicket), and the desk shows whether the site vouched for the
 * visitor's name and e-mail (`verified`: a valid signed identity).
 *
 * @example
 * openTicket(deps, form, visitor, { extra: (tx, ticketId) => attachToSite(tx, ticketId, site.id, true) })
 */
export function attachToSite(tx: Db, ticketId: number, siteId: number, verified: boolean): void {
  setSite.run(tx, siteId, verified ? 1 : 0, ticketId);
}

/**
 * Records the host page a widget visitor is on now (http(s) only, bounded like every page
 * address) and tells the holder's desk, whose details panel shows it. Returns whether anything
 * changed: the same page again or a closed ticket change nothing; an address that is not
 * http(s) is refused.
 *
 * @example
 * reportPage(deps, ticket, 'https://shop.example/cart')
 */
export function reportPage(deps: Deps, ticket: TicketView, raw: string | undefined): boolean {
  const url = cleanPageUrl(raw);
  if (!url) throw new Invalid(new Text('admin.widget.pageInvalid'));
  if (ticket.state === 'closed' || ticket.state === 'abandoned') return false;
  return commit(deps, (tx, emit) => {
    const changed = setCurrentPage.run(deps.db, url, ticket.id, url).changes > 0;
    if (changed) emit({ topic: 'ticket', type: 'ticket.details', ticketId: ticket.id, supporterId: ticket.supporterId });
    return changed;
  });
}
