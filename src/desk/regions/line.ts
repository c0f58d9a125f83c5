import { partial, render } from '../../lib/render.ts';
import { inScope, LINE_SHOWN, listLine, shownAmong, placeInLine, ticketAtPlace, ticketView, waitingCount, waitingOfVisitor, type TicketView } from '../../line/tickets.ts';
import { deskScope } from '../../groups/members.ts';
import { lineGroups, lineLabels } from '../../groups/groups.ts';
import { topicLabels } from '../../groups/topics.ts';
import { lineLanguages } from '../../language/spoken.ts';
import { getSupporter } from '../../supporters/accounts.ts';
import type { EventOf } from '../../realtime/catalogue.ts';
import type { Drawn } from '../../realtime/signals.ts';
import type { AudienceView, DeskRegion } from './region.ts';

function lineCount({ deps, lang, scope }: AudienceView) {
  const total = waitingCount(deps.db, scope);
  return partial('#line-count', 'outerHTML', render('desk/_line_count', { total, lang }))
    + partial('#line-more', 'outerHTML', render('desk/_line_more', { total, shown: LINE_SHOWN, lang }));
}

function rowHtml({ deps, lang, scope }: AudienceView, t: TicketView): string {
  // The row is added at the end; the page keeps the list ordered by arrival and free of repeats.
  const more = waitingOfVisitor(deps.db, t.id).length - 1;
  const group = t.groupId === null ? null : lineLabels(deps.db, scope, lang)?.get(t.groupId) ?? null;
  const topic = t.topicId === null ? null : topicLabels(deps.db, lang).get(t.topicId) ?? null;
  return partial(`#line-${t.id}`, 'delete') + partial('#line-list', 'beforeend', render('desk/_line_row', { t, more, group, topic, now: deps.clock.now(), csrf: '', lang }));
}

/** The rows of the same visitor's other waiting requests, redrawn: their "and N more" changed. */
function siblingRows(view: AudienceView, ticketId: number, visitorOf = ticketId): string {
  const ids = waitingOfVisitor(view.deps.db, visitorOf).filter((id) => id !== ticketId);
  return ids.length ? shownRows(view, ids) : '';
}

/** The rows of these tickets that the line shows (waiting, in the desk's lines, in the shown part), redrawn. */
function shownRows(view: AudienceView, ids: number[]): string {
  return shownAmong(view.deps.db, ids, view.scope).map((id) => rowHtml(view, ticketView(view.deps.db, id)!)).join('');
}

/** The ticket while it waits within the shown part of the desk's lines, else undefined. */
function shown(view: AudienceView, t: TicketView | undefined): TicketView | undefined {
  return t && t.state === 'waiting' && inScope(view.scope, t) && placeInLine(view.deps.db, t, view.scope) <= LINE_SHOWN ? t : undefined;
}

/**
 * A ticket's row as the line shows it now: present while it waits within the shown part of the
 * line. A ticket returning ahead of others pushes the last shown one out of that part.
 */
function lineRow(view: AudienceView, t: TicketView | undefined, ticketId: number): string {
  if (!t) return partial(`#line-${ticketId}`, 'delete');
  const pushedOut = ticketAtPlace(view.deps.db, LINE_SHOWN + 1, view.scope);
  return rowHtml(view, t) + (pushedOut ? partial(`#line-${pushedOut.id}`, 'delete') : '');
}

/** A ticket left the line: the one that moves into the shown part (if the line is that long) joins the list. */
function lineLeave(view: AudienceView, ticketId: number): string {
  const next = ticketAtPlace(view.deps.db, LINE_SHOWN, view.scope);
  return partial(`#line-${ticketId}`, 'delete') + (next ? rowHtml(view, next) : '');
}

/**
 * Visitors coming and going change how their rows look, never which rows the line shows: only
 * rows in the shown part are redrawn. (A restart reconnects every visitor at once; the others
 * would be thousands of changes per desk that show nothing.)
 */
function presenceRows(view: AudienceView, ids: number[]): string {
  return shownRows(view, ids);
}

/**
 * Whether the event is about another group's line than this desk's: then only the same visitor's
 * rows here may change ("and 1 more"). A ticket moved out of one of its lines is its business.
 */
function elsewhere(view: AudienceView, event: { data?: unknown }, t: TicketView | undefined): boolean {
  if (view.scope === null) return false;
  const from = (event.data as { from?: number } | undefined)?.from;
  if (from !== undefined && view.scope.includes(from)) return false;
  return t !== undefined && !inScope(view.scope, t);
}

function stays(event: { ticketId: number; data?: unknown }, view: AudienceView) {
  const t = ticketView(view.deps.db, event.ticketId);
  if (elsewhere(view, event, t)) return siblingRows(view, event.ticketId);
  return lineRow(view, shown(view, t), event.ticketId) + siblingRows(view, event.ticketId) + lineCount(view);
}

function leaves(event: { ticketId: number; data?: unknown }, view: AudienceView) {
  // Every line's desks need not read the ticket to know it concerns them.
  if (view.scope !== null && elsewhere(view, event, ticketView(view.deps.db, event.ticketId))) return siblingRows(view, event.ticketId);
  return lineLeave(view, event.ticketId) + siblingRows(view, event.ticketId) + lineCount(view);
}

/**
 * Someone new waits where the line shows them: besides their row, the desk's scripts hear of it
 * (`lineup:joined`), so a supporter who asked is alerted (public/js/line-alerts.js).
 */
function joins(event: EventOf<'ticket.joined'>, view: AudienceView): Drawn {
  const found = ticketView(view.deps.db, event.ticketId);
  if (elsewhere(view, event, found)) return { html: siblingRows(view, event.ticketId), signals: [] };
  const t = shown(view, found);
  return {
    html: lineRow(view, t, event.ticketId) + siblingRows(view, event.ticketId) + lineCount(view),
    signals: t ? [{ name: 'lineup:joined', data: { ticket: t.id, name: t.visitorName, problem: t.problem } }] : [],
  };
}

const snapshot = (data: { line: ReturnType<typeof listLine> } & Record<string, unknown>) => partial('#line', 'outerHTML', render('desk/_line', { ...data, csrf: '' }));

/**
 * The live line: the first LINE_SHOWN waiting tickets of the desk's lines (its supporter's
 * groups; every line for supervisors and admins) by their order, and how many wait there.
 */
export const line = {
  snapshot,
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
    // Moved to another group's line: here, there, or gone from this desk.
    'ticket.regrouped': stays,
    // Its group's second wave sees it too: it joins the line of that wave's desks.
    'ticket.widened': stays,
    // Waiting visitors come and go on the desks' own channel; a claimed ticket's presence is its holder's business.
    'visitor.presence': (event, view) => (event.topic === 'desks' ? presenceRows(view, event.data.ids) : ''),
  },
  addressed: {
    // Moved between groups: the desk shows its new lines at once (and its stream then reopens for them).
    'supporter.groups': (_event, { deps, lang, me }) => {
      const supporter = getSupporter(deps.db, me);
      if (!supporter) return '';
      const scope = deskScope(deps.db, supporter);
      return snapshot({
        line: listLine(deps.db, scope), groupLabels: lineLabels(deps.db, scope, lang), lineGroups: lineGroups(deps.db, scope, lang), topicLabels: topicLabels(deps.db, lang),
        lineLanguages: lineLanguages(deps.db, lang), lineShown: LINE_SHOWN, now: deps.clock.now(), lang,
      });
    },
  },
} satisfies DeskRegion;
