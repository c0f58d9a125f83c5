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

/** The open tickets among the tokens a browser's cookie holds ('.'-separated), oldest first. */
export function openTokens(deps: Deps, cookie: string | undefined): string[] {
  if (!cookie || cookie.length > 400) return [];
  const open: string[] = [];
  for (const token of cookie.split('.').slice(-OPEN_PER_VISITOR * 2)) {
    try {
      if (isOpen(deps, ticketByToken(deps, token))) open.push(token);
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
    }
  }
  return open.slice(-OPEN_PER_VISITOR);
}

/** The open ticket a form repeats (the same problem, word for word: a double click or a resend), if any. */
export function sameRequest(deps: Deps, tokens: string[], form: { problem?: unknown }): string | null {
  const problem = cleanText(form.problem);
  if (!problem) return null;
  return tokens.find((token) => ticketByToken(deps, token).problem === problem) ?? null;
}

/** A browser's open requests as its pages list them: where each leads and what it was about. */
export function yourRequests(deps: Deps, tokens: string[], current: string | null) {
  return tokens.map((token) => {
    const ticket = ticketByToken(deps, token);
    const firstLine = ticket.problem.split('\n').find((line) => line.trim())?.trim() ?? '';
    return { href: `/t/${encodeURIComponent(token)}`, current: token === current, state: ticket.state, about: firstLine.slice(0, 80) };
  });
}
