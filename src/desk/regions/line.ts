import { partial, render } from '../../lib/render.ts';
import { LINE_SHOWN, placeInLine, ticketAtPlace, ticketView, waitingCount, waitingOfVisitor, type TicketView } from '../../line/tickets.ts';
import type { EventOf } from '../../realtime/catalogue.ts';
import type { Drawn } from '../../realtime/signals.ts';
import type { AudienceView, DeskRegion } from './region.ts';

function lineCount({ deps, lang }: AudienceView) {
  const total = waitingCount(deps.db);
  return partial('#line-count', 'outerHTML', render('desk/_line_count', { total, lang }))
    + partial('#line-more', 'outerHTML', render('desk/_line_more', { total, shown: LINE_SHOWN, lang }));
}

function rowHtml({ deps, lang }: AudienceView, t: TicketView): string {
  // The row is added at the end; the page keeps the list ordered by arrival and free of repeats.
  const more = waitingOfVisitor(deps.db, t.id).length - 1;
  return partial(`#line-${t.id}`, 'delete') + partial('#line-list', 'beforeend', render('desk/_line_row', { t, more, now: deps.clock.now(), csrf: '', lang }));
}

/** The rows of the same visitor's other waiting requests, redrawn: their "and N more" changed. */
function siblingRows(view: AudienceView, ticketId: number, visitorOf = ticketId): string {
  const lastShown = ticketAtPlace(view.deps.db, LINE_SHOWN)?.id ?? Number.MAX_SAFE_INTEGER;
  return waitingOfVisitor(view.deps.db, visitorOf).filter((id) => id !== ticketId && id <= lastShown)
    .map((id) => ticketView(view.deps.db, id)).filter((t) => t?.state === 'waiting').map((t) => rowHtml(view, t!)).join('');
}

/** The ticket while it waits within the shown part of the line, else undefined. */
function shownTicket(view: AudienceView, ticketId: number): TicketView | undefined {
  const t = ticketView(view.deps.db, ticketId);
  return t && t.state === 'waiting' && placeInLine(view.deps.db, t) <= LINE_SHOWN ? t : undefined;
}

/**
 * A ticket's row as the line shows it now: present while it waits within the shown part of the
 * line. A ticket returning ahead of others pushes the last shown one out of that part.
 */
function lineRow(view: AudienceView, t: TicketView | undefined, ticketId: number): string {
  if (!t) return partial(`#line-${ticketId}`, 'delete');
  const pushedOut = ticketAtPlace(view.deps.db, LINE_SHOWN + 1);
  return rowHtml(view, t) + (pushedOut ? partial(`#line-${pushedOut.id}`, 'delete') : '');
}

/** A ticket left the line: the one that moves into the shown part (if the line is that long) joins the list. */
function lineLeave(view: AudienceView, ticketId: number): string {
  const next = ticketAtPlace(view.deps.db, LINE_SHOWN);
  return partial(`#line-${ticketId}`, 'delete') + (next ? rowHtml(view, next) : '');
}

/**
 * Visitors coming and going change how their rows look, never which rows the line shows: only
 * rows in the shown part are redrawn. (A restart reconnects every visitor at once; the others
 * would be thousands of changes per desk that show nothing.)
 */
function presenceRows(view: AudienceView, ids: number[]): string {
  // Arrival order is id order: the last shown ticket bounds the shown part.
  const lastShown = ticketAtPlace(view.deps.db, LINE_SHOWN)?.id ?? Number.MAX_SAFE_INTEGER;
  return ids.filter((id) => id <= lastShown).map((id) => ticketView(view.deps.db, id))
    .filter((t) => t?.state === 'waiting').map((t) => rowHtml(view, t!)).join('');
}

const stays = (event: { ticketId: number }, view: AudienceView) =>
  lineRow(view, shownTicket(view, event.ticketId), event.ticketId) + siblingRows(view, event.ticketId) + lineCount(view);
const leaves = (event: { ticketId: number }, view: AudienceView) =>
  lineLeave(view, event.ticketId) + siblingRows(view, event.ticketId) + lineCount(view);

/**
 * Someone new waits where the line shows them: besides their row, the desk's scripts hear of it
 * (`lineup:joined`), so a supporter who asked is alerted (public/js/line-alerts.js).
 */
function joins(event: EventOf<'ticket.joined'>, view: AudienceView): Drawn {
  const t = shownTicket(view, event.ticketId);
  return {
    html: lineRow(view, t, event.ticketId) + siblingRows(view, event.ticketId) + lineCount(view),
    signals: t ? [{ name: 'lineup:joined', data: { ticket: t.id, name: t.visitorName, problem: t.problem } }] : [],
  };
}

/** The live line: the first LINE_SHOWN waiting tickets in arrival order, and how many wait. */
export const line = {
  snapshot: (data) => partial('#line', 'outerHTML', render('desk/_line', { ...data, csrf: '' })),
  everyone: {
    'ticket.joined': joins,
    'ticket.released': stays,
    // Back at an old place, not someone new: no alert.
    'ticket.rejoined': stays,
    'ticket.away': stays,
    'ticket.back': stays,
    'ticket.claimed': leaves,
    'ticket.closed': leaves,
    'ticket.left': leaves,
    // Waiting visitors come and go on the desks' own channel; a claimed ticket's presence is its holder's business.
    'visitor.presence': (event, view) => (event.topic === 'desks' ? presenceRows(view, event.data.ids) : ''),
  },
} satisfies DeskRegion;
