import { declaring } from '../http/declared.ts';
import type { Guard } from '../http/table.ts';
import type { Deps } from '../lib/deps.ts';
import { parseId } from '../lib/ids.ts';
import { ticketById, ticketByToken, type TicketView } from './tickets.ts';
import { rejoinIfAbandoned } from './abandon.ts';

declare module '../http/env.ts' {
  interface RequestVariables {
    /** The ticket a route is about, looked up once by one of the guards below. */
    ticket: TicketView;
  }
}

/**
 * The guards that find the ticket a route is about (`c.get('ticket')`), each on the lines of the
 * routes that need it, so a path that leads nowhere is a plain 404 and a route that looks its
 * ticket up another way (or not at all) pays for nothing. An unknown or malformed token or id is
 * a 404 (NotFound).
 *
 * - `visitor`: whoever holds the ticket's secret token (`:token`), the visitor's page or the
 *   widget's frame (an abandoned ticket rejoins the line when its visitor comes back in time). Such a route holds no ambient authority (the token in its URL is the whole
 *   key), so it also accepts the widget's signed CSRF token from Lineup's own pages, where the
 *   frame has no cookie (declared.ts, csrf.ts).
 * - `ticket`: the ticket named by `:id`, for a supporter's route (the domain decides what that
 *   supporter may do with it).
 */
export function ticketGuards(deps: Deps): { visitor: Guard; ticket: Guard } {
  return {
    visitor: declaring({ signedToken: 'lineup' }, (c, next) => {
      const ticket = ticketByToken(deps, c.req.param('token'));
      // The visitor is back on an abandoned ticket: in time, it rejoins the line at its old place.
      c.set('ticket', rejoinIfAbandoned(deps, ticket) ? ticketById(deps.db, ticket.id) : ticket);
      return next();
    }),
    ticket: (c, next) => {
      c.set('ticket', ticketById(deps.db, parseId(c.req.param('id'))));
      return next();
    },
  };
}
