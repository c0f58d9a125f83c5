import { transferById } from '../../handover/transfers.ts';
import { handoverData } from '../../handover/view.ts';
import { partial, render } from '../../lib/render.ts';
import { ticketView } from '../../line/tickets.ts';
import type { EventOf } from '../../realtime/catalogue.ts';
import type { DeskRegion, OwnView } from './region.ts';

function handoverBox({ deps, me, lang }: OwnView, ticketId: number, answered?: { state: string; toName: string }): string {
  const t = ticketView(deps.db, ticketId);
  if (!t || t.state !== 'claimed') return '';
  return partial(`#handover-${ticketId}`, 'outerHTML', render('desk/_handover', { ...handoverData(deps, t, me, lang, '', answered), lang }));
}

/** The holder's tab says where an offer stands (offers to this desk are the offers region's). */
function offerAsHolder(event: EventOf<'transfer.offered' | 'transfer.answered'>, view: OwnView): string {
  const transfer = transferById(view.deps.db, event.data.transferId);
  if (!transfer || transfer.toId === view.me) return '';
  const answered = event.type === 'transfer.answered' ? { state: transfer.state, toName: transfer.toName } : undefined;
  return handoverBox(view, transfer.ticketId, answered);
}

/** A tab's "Hand over or invite" box: colleagues to offer the ticket to, offers in flight, who helps. */
export const handover = {
  addressed: {
    'transfer.offered': offerAsHolder,
    'transfer.answered': offerAsHolder,
    'ticket.helpers': (event, view) => handoverBox(view, event.ticketId),
  },
} satisfies DeskRegion;
