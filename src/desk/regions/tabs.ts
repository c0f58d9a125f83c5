import { t as say, type Lang } from '../../i18n/index.ts';
import { escapeHtml, partial, render } from '../../lib/render.ts';
import { ticketView } from '../../line/tickets.ts';
import { tabData, type TabData } from '../tab-data.ts';
import type { DeskRegion, OwnView } from './region.ts';

function panelHtml(tab: TabData, lang: Lang): string {
  return render('desk/_panel', { t: tab.ticket, messages: tab.messages, details: tab.details, handover: tab.handover, csrf: '', lang });
}

const closeTab = (ticketId: number) => partial(`#tab-${ticketId}`, 'delete') + partial(`#panel-${ticketId}`, 'delete');

function tabHtml(tab: TabData, viewer: number, lang: Lang): string {
  return render('desk/_tab', { t: tab.ticket, messages: tab.messages, viewer, lang });
}

/** Opens (or reopens) a ticket's tab, with the conversation up to `upTo`: later lines arrive as their own events. */
function openTab({ deps, me, lang }: OwnView, ticketId: number, upTo: number): string {
  const t = ticketView(deps.db, ticketId);
  if (!t || t.state !== 'claimed') return '';
  const tab = tabData(deps, t, me, lang, upTo);
  return closeTab(ticketId) + partial('#tab-list', 'beforeend', tabHtml(tab, me, lang)) + partial('#tab-panels', 'beforeend', panelHtml(tab, lang));
}

/**
 * The supporter's tabs: one per ticket they hold or help with, opened and closed by the line's
 * events. A reset morphs the panels, so what the supporter was doing in them (typing in the
 * details panel, a chat scrolled up) stays.
 */
export const tabs = {
  snapshot: (data) => partial('#tab-list', 'innerHTML', data.tabs.map((tab) => tabHtml(tab, data.me.id, data.lang)).join(''))
    + partial('#tab-panels', 'innerMorph', data.tabs.map((tab) => panelHtml(tab, data.lang)).join('')),
  addressed: {
    'ticket.claimed': (event, view) => openTab(view, event.ticketId, event.data.upTo),
    'ticket.handed': (event, view) => openTab(view, event.ticketId, event.data.upTo),
    'helper.joined': (event, view) => openTab(view, event.data.ticketId, event.data.upTo),
    'ticket.closed': (event) => closeTab(event.ticketId),
    'ticket.released': (event) => closeTab(event.ticketId),
    'tab.closed': (event, { deps, lang }) => {
      // Taken over by a supervisor: the supporter who held it is told who.
      const { ticketId, takenBy } = event.data;
      const t = takenBy ? ticketView(deps.db, ticketId) : undefined;
      if (!takenBy || !t) return closeTab(ticketId);
      const notice = say(lang, 'desk.tabs.takenOver', { name: takenBy, visitor: t.visitorName });
      return closeTab(ticketId) + partial('#desk-notice', 'innerHTML', `<p class="notice">${escapeHtml(notice)}</p>`);
    },
  },
} satisfies DeskRegion;
