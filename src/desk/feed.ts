import { listMessages } from '../chat/messages.ts';
import { messageHtml } from '../chat/message-html.ts';
import { forReader } from '../chat/system-lines.ts';
import type { Deps } from '../lib/deps.ts';
import { escapeHtml, helpers, partial, render } from '../lib/render.ts';
import { t as say, type Lang } from '../i18n/index.ts';
import { handoverData } from '../handover/view.ts';
import { offersFor, transferById } from '../handover/transfers.ts';
import type { Role } from '../supporters/schema.ts';
import { claimedTickets, LINE_SHOWN, listLine, placeInLine, tabsOf, ticketAtPlace, ticketView, waitingCount, type TicketView } from '../line/tickets.ts';
import type { LineupEvent } from '../realtime/events.ts';
import { memoFor } from '../realtime/memo.ts';
import { getSupporter, listSupporters, type PublicSupporter } from '../supporters/accounts.ts';
import { listTeamMessages, teamMessage } from '../team/chat.ts';
import { visitorDetails } from '../visitor/details.ts';

/**
 * Everything the desk shows, for the page and for a reset, in the supporter's language (which
 * every desk render is given: the page's, chosen when the page or its stream was opened).
 */
export function deskData(deps: Deps, me: PublicSupporter, lang: Lang = 'en') {
  return {
    me,
    lang,
    now: deps.clock.now(),
    line: listLine(deps.db),
    lineShown: LINE_SHOWN,
    // Sorted by the same key the page uses to place rows that arrive live.
    team: listSupporters(deps).filter((s) => s.enabled)
      .sort((a, b) => (helpers.orderKey(a.name, a.id) < helpers.orderKey(b.name, b.id) ? -1 : 1)),
    teamLog: listTeamMessages(deps.db),
    tabs: tabsOf(deps.db, me.id).map((ticket) => tabData(deps, ticket, me.id, lang)),
    offers: offersFor(deps.db, me.id),
    // Supervisors and admins watch the chats in progress and can take one over.
    chats: me.role === 'supporter' ? null : claimedTickets(deps.db),
  };
}

/** One tab as its viewer sees it; `upTo` cuts the conversation where the event that opened it was. */
function tabData(deps: Deps, ticket: TicketView, viewer: number, lang: Lang, upTo?: number) {
  return {
    ticket,
    messages: listMessages(deps.db, ticket.id, { upTo, withNotes: true }).map((m) => forReader(m, lang)),
    details: visitorDetails(deps, ticket),
    handover: handoverData(deps.db, ticket, viewer),
  };
}

function panelHtml(tab: ReturnType<typeof tabData>, lang: Lang): string {
  return render('desk/_panel', { t: tab.ticket, messages: tab.messages, details: tab.details, handover: tab.handover, csrf: '', lang });
}

/** Opens (or reopens) a ticket's tab on a desk, with the conversation up to `upTo`. */
function openTab(deps: Deps, ticketId: number, viewer: number, upTo: number, lang: Lang): string {
  const t = ticketView(deps.db, ticketId);
  if (!t || t.state !== 'claimed') return '';
  return closeTab(ticketId) + partial('#tab-list', 'beforeend', render('desk/_tab', { t, viewer, lang }))
    + partial('#tab-panels', 'beforeend', panelHtml(tabData(deps, t, viewer, lang, upTo), lang));
}

const closeTab = (ticketId: number) => partial(`#tab-${ticketId}`, 'delete') + partial(`#panel-${ticketId}`, 'delete');

export function deskSnapshot(deps: Deps, me: PublicSupporter, lang: Lang = 'en'): string {
  const data = { ...deskData(deps, me, lang), csrf: '' };
  return partial('#line', 'outerHTML', render('desk/_line', data))
    + partial('#team', 'outerHTML', render('desk/_team', data))
    + partial('#team-log', 'innerHTML', data.teamLog.map((m) => render('team/_message', { m, lang })).join(''))
    + partial('#tab-list', 'innerHTML', data.tabs.map((tab) => render('desk/_tab', { t: tab.ticket, viewer: me.id, lang })).join(''))
    + partial('#tab-panels', 'innerHTML', data.tabs.map((tab) => panelHtml(tab, lang)).join(''))
    + partial('#offers', 'innerHTML', data.offers.map((o) => render('desk/_offer', { o, csrf: '', lang })).join(''))
    + (data.chats ? partial('#chats', 'outerHTML', render('desk/_chats', data)) : '');
}

/**
 * Desks that show an event not addressed to their supporter exactly alike: what `deskRenderer`
 * gives for such an event depends on the language and on whether the desk watches the chats.
 * Live, such an event is rendered once per audience (see openEventStream).
 */
export function deskAudience(role: Role, lang: Lang): string {
  return `desk:${role === 'supporter' ? 'supporter' : 'watcher'}:${lang}`;
}

/**
 * How one event looks on one supporter's desk, in their language. What every desk sees alike
 * (the line, the team) is rendered once per event and language, also for pages replaying what
 * they missed; only a supporter's own tabs are rendered for them alone.
 */
export function deskRenderer(deps: Deps, supporterId: number, role: Role = 'supporter', lang: Lang = 'en') {
  const memo = memoFor(deps, 'desk');
  const shared = (event: LineupEvent) => memo.get(`shared:${event.id}:${lang}`, () => sharedPart(deps, event, lang));
  return (event: LineupEvent): string | null => {
    const mine = event.supporterId === supporterId ? ownPart(deps, event, supporterId, lang) : '';
    const watching = role !== 'supporter' && CHANGES_CHATS.has(event.type)
      ? memo.get(`chats:${event.id}:${lang}`, () => chatsPart(deps, lang)) : '';
    const html = shared(event) + mine + watching;
    return html || null;
  };
}

function lineCount(deps: Deps, lang: Lang) {
  const total = waitingCount(deps.db);
  return partial('#line-count', 'outerHTML', render('desk/_line_count', { total, lang }))
    + partial('#line-more', 'outerHTML', render('desk/_line_more', { total, shown: LINE_SHOWN, lang }));
}

function rowHtml(deps: Deps, t: TicketView, lang: Lang): string {
  // The row is added at the end; lineup.js keeps the list ordered by arrival and free of repeats.
  return partial(`#line-${t.id}`, 'delete') + partial('#line-list', 'beforeend', render('desk/_line_row', { t, now: deps.clock.now(), csrf: '', lang }));
}

/**
 * A ticket's row as the line shows it now: present while it waits within the shown part of the
 * line. A ticket returning ahead of others pushes the last shown one out of that part.
 */
function lineRow(deps: Deps, ticketId: number, lang: Lang): string {
  const t = ticketView(deps.db, ticketId);
  if (!t || t.state !== 'waiting' || placeInLine(deps.db, t) > LINE_SHOWN) return partial(`#line-${ticketId}`, 'delete');
  const pushedOut = ticketAtPlace(deps.db, LINE_SHOWN + 1);
  return rowHtml(deps, t, lang) + (pushedOut ? partial(`#line-${pushedOut.id}`, 'delete') : '');
}

/** A ticket left the line: the one that moves into the shown part (if the line is that long) joins the list. */
function lineLeave(deps: Deps, ticketId: number, lang: Lang): string {
  const next = ticketAtPlace(deps.db, LINE_SHOWN);
  return partial(`#line-${ticketId}`, 'delete') + (next ? rowHtml(deps, next, lang) : '');
}

/**
 * Visitors coming and going change how their rows look, never which rows the line shows: only
 * rows in the shown part are redrawn. (A restart reconnects every visitor at once; the others
 * would be thousands of changes per desk that show nothing.)
 */
function presenceRows(deps: Deps, ids: number[], lang: Lang): string {
  // Arrival order is id order: the last shown ticket bounds the shown part.
  const lastShown = ticketAtPlace(deps.db, LINE_SHOWN)?.id ?? Number.MAX_SAFE_INTEGER;
  return ids.filter((id) => id <= lastShown).map((id) => ticketView(deps.db, id))
    .filter((t) => t?.state === 'waiting').map((t) => rowHtml(deps, t!, lang)).join('');
}

function member(deps: Deps, supporterId: number, lang: Lang): string {
  const s = getSupporter(deps, supporterId);
  if (!s || !s.enabled) return partial(`#member-${supporterId}`, 'delete');
  return partial(`#member-${supporterId}`, 'delete') + partial('#team-list', 'beforeend', render('desk/_member', { s, lang }));
}

/** The subjects of an event: a batch (`data.ids`) or the one it names. */
function idsOf(event: LineupEvent): number[] {
  if (Array.isArray(event.data.ids)) return event.data.ids.map(Number);
  return [event.supporterId ?? event.ticketId ?? 0];
}

function sharedPart(deps: Deps, event: LineupEvent, lang: Lang): string {
  const ticketId = event.ticketId ?? 0;
  switch (event.type) {
    case 'ticket.joined':
    case 'ticket.released':
    case 'ticket.away':
    case 'ticket.back':
      return lineRow(deps, ticketId, lang) + lineCount(deps, lang);
    case 'visitor.presence':
      return event.topic === 'desks' ? presenceRows(deps, idsOf(event), lang) : '';
    case 'ticket.claimed':
    case 'ticket.closed':
    case 'ticket.left':
      return lineLeave(deps, ticketId, lang) + lineCount(deps, lang);
    case 'team.message': {
      const m = teamMessage(deps.db, Number(event.data.id));
      return m ? partial('#team-log', 'beforeend', render('team/_message', { m, lang })) : '';
    }
    case 'supporter.added':
    case 'supporter.enabled':
    case 'supporter.disabled':
    case 'supporter.presence':
    case 'supporter.status':
      return idsOf(event).map((id) => member(deps, id, lang)).join('');
    default:
      return '';
  }
}

/** An offer appears on (or leaves) the colleague's desk; the holder's tab says where it stands. */
function transferPart(deps: Deps, event: LineupEvent, me: number, lang: Lang): string {
  const transfer = transferById(deps.db, Number(event.data.transferId));
  if (!transfer) return '';
  if (transfer.toId === me) {
    return partial(`#offer-${transfer.id}`, 'delete')
      + (transfer.state === 'pending' ? partial('#offers', 'beforeend', render('desk/_offer', { o: transfer, csrf: '', lang })) : '');
  }
  const answered = event.type === 'transfer.answered' ? { state: transfer.state, toName: transfer.toName } : undefined;
  return handoverPart(deps, transfer.ticketId, me, lang, answered);
}

function handoverPart(deps: Deps, ticketId: number, me: number, lang: Lang, answered?: { state: string; toName: string }): string {
  const t = ticketView(deps.db, ticketId);
  if (!t || t.state !== 'claimed') return '';
  return partial(`#handover-${ticketId}`, 'outerHTML', render('desk/_handover', { ...handoverData(deps.db, t, me, '', answered), lang }));
}

const CHANGES_CHATS = new Set(['ticket.claimed', 'ticket.closed', 'ticket.released', 'ticket.handed']);

/**
 * The supervisors' list of chats in progress, rebuilt once per event that starts, ends or moves
 * a chat and shared by every supervisor's desk (each page hides "Take over" on its own chats).
 */
function chatsPart(deps: Deps, lang: Lang): string {
  return partial('#chats', 'outerHTML', render('desk/_chats', { chats: claimedTickets(deps.db), csrf: '', lang }));
}

/** Changes to the tabs of the supporter an event is addressed to. */
function ownPart(deps: Deps, event: LineupEvent, me: number, lang: Lang): string {
  // Events visitors must not see (private notes) carry their ticket in their data only.
  const ticketId = event.ticketId ?? Number(event.data.ticketId ?? 0);
  switch (event.type) {
    case 'ticket.claimed':
    case 'ticket.handed':
    case 'helper.joined':
      // Up to this event only: later lines arrive as their own message events.
      return openTab(deps, ticketId, me, Number(event.data.upTo), lang);
    case 'ticket.closed':
    case 'ticket.released':
      return closeTab(ticketId);
    case 'tab.closed': {
      // Taken over by a supervisor: the supporter who held it is told who.
      const takenBy = typeof event.data.takenBy === 'string' ? event.data.takenBy : null;
      const t = takenBy ? ticketView(deps.db, ticketId) : undefined;
      if (!takenBy || !t) return closeTab(ticketId);
      const notice = say(lang, 'desk.tabs.takenOver', { name: takenBy, visitor: t.visitorName });
      return closeTab(ticketId) + partial('#desk-notice', 'innerHTML', `<p class="notice">${escapeHtml(notice)}</p>`);
    }
    case 'transfer.offered':
    case 'transfer.answered':
      return transferPart(deps, event, me, lang);
    case 'ticket.helpers':
      return handoverPart(deps, ticketId, me, lang);
    case 'message.posted':
      return partial(`#log-${ticketId}`, 'beforeend', messageHtml(deps, Number(event.data.messageId), lang)) + partial(`#typing-${ticketId}`, 'innerHTML');
    case 'supporter.disabled':
      return partial('#main', 'innerHTML', render('desk/_signed_out', { lang }));
    case 'ticket.rating': {
      const t = ticketView(deps.db, ticketId);
      return t ? partial(`#rating-box-${ticketId}`, 'outerHTML', render('desk/_rating', { t, csrf: '', lang })) : '';
    }
    case 'ticket.escalated': {
      const t = ticketView(deps.db, ticketId);
      return t ? partial(`#meeting-${ticketId}`, 'outerHTML', render('desk/_meeting', { t, csrf: '', lang })) : '';
    }
    case 'ticket.away':
    case 'ticket.back':
    case 'ticket.details':
    case 'visitor.presence': {
      const t = ticketView(deps.db, ticketId);
      return t && t.state === 'claimed' ? partial(`#details-${ticketId}`, 'outerHTML', render('desk/_details', { ...visitorDetails(deps, t), lang })) : '';
    }
    default:
      return '';
  }
}
