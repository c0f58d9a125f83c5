import type { Deps } from '../lib/deps.ts';
import { NotFound } from '../lib/errors.ts';
import { cleanText } from '../lib/input.ts';
import { mayRejoin } from '../line/abandon.ts';
import { ticketByToken, type TicketView } from '../line/tickets.ts';

/**
 * A visitor may have several requests open at once (a second question while the first waits is
 * its own ticket, not lost in the first), up to this many; the browser keeps their tokens in
 * its ticket cookie, oldest first.
 */
export const OPEN_PER_VISITOR = 3;
/** The cookie with a browser's ticket tokens. */
export const TICKET_COOKIE = 'lineup_ticket';

/** A ticket still open for its visitor: waiting, in a chat, or abandoned but in time to rejoin. */
function isOpen(deps: Deps, ticket: TicketView): boolean {
  return ticket.state === 'waiting' || ticket.state === 'claimed' || (ticket.state === 'abandoned' && mayRejoin(deps, ticket));
}

/** A browser's open request: its token (the key to its page) and the ticket. */
export interface OpenRequest { token: string; ticket: TicketView }

/** The open tickets among the tokens a browser's cookie holds ('.'-separated), oldest first; each read once. */
export function openRequests(deps: Deps, cookie: string | undefined): OpenRequest[] {
  if (!cookie || cookie.length > 400) return [];
  const open: OpenRequest[] = [];
  for (const token of cookie.split('.').slice(-OPEN_PER_VISITOR * 2)) {
    try {
      const ticket = ticketByToken(deps, token);
      if (isOpen(deps, ticket)) open.push({ token, ticket });
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
    }
  }
  return open.slice(-OPEN_PER_VISITOR);
}

/** The open request a form repeats (the same problem, word for word: a double click or a resend), if any. */
export function sameRequest(open: OpenRequest[], form: { problem?: unknown }): string | null {
  const problem = cleanText(form.problem);
  return (problem && open.find((r) => r.ticket.problem === problem)?.token) || null;
}

/** A browser's open requests as its pages list them: where each leads and what it was about. */
export function yourRequests(open: OpenRequest[], current: string | null) {
  return open.map(({ token, ticket }) => {
    const firstLine = ticket.problem.split('\n').find((line) => line.trim())?.trim() ?? '';
    return { href: `/t/${encodeURIComponent(token)}`, current: token === current, state: ticket.state, about: firstLine.slice(0, 80) };
  });
}
