import { partial, render } from '../../lib/render.ts';
import { ticketView } from '../../line/tickets.ts';
import { visitorDetails } from '../../visitor/details.ts';
import type { DeskRegion, OwnView } from './region.ts';

/**
 * Who the visitor is (and whether they are on the page), beside the conversation of a held
 * ticket. Morphed into place: the supporter's focus, open sections and unsaved typing in the
 * panel stay (public/js/details-panel.js).
 */
function detailsBox({ deps, lang }: OwnView, ticketId: number): string {
  const t = ticketView(deps.db, ticketId);
  if (!t || t.state !== 'claimed') return '';
  return partial(`#details-${ticketId}`, 'outerMorph', render('desk/_details', { ...visitorDetails(deps, t), lang }))
    + partial(`#tab-presence-${ticketId}`, 'outerHTML', render('desk/_tab_presence', { t, lang }));
}

const details = (event: { ticketId: number | null }, view: OwnView) => detailsBox(view, event.ticketId ?? 0);

/** The boxes beside a tab's conversation (the visitor's details, the rating, the meeting room) and the presence dot on its tab. */
export const tabBoxes = {
  addressed: {
    'ticket.away': details,
    'ticket.back': details,
    'ticket.details': details,
    'visitor.presence': details,
    'ticket.rating': (event, { deps, lang }) => {
      const t = ticketView(deps.db, event.ticketId);
      return t ? partial(`#rating-box-${event.ticketId}`, 'outerHTML', render('desk/_rating', { t, csrf: '', lang })) : '';
    },
    'ticket.escalated': (event, { deps, lang }) => {
      const t = ticketView(deps.db, event.ticketId);
      return t ? partial(`#meeting-${event.ticketId}`, 'outerHTML', render('desk/_meeting', { t, csrf: '', lang })) : '';
    },
  },
} satisfies DeskRegion;
