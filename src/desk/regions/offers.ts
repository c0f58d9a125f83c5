import { transferById } from '../../handover/transfers.ts';
import { partial, render } from '../../lib/render.ts';
import type { EventOf } from '../../realtime/catalogue.ts';
import type { DeskRegion, OwnView } from './region.ts';

/** An offer appears on the colleague's desk while it is pending, and leaves it once answered. */
function offerToMe(event: EventOf<'transfer.offered' | 'transfer.answered'>, { deps, me, lang }: OwnView): string {
  const transfer = transferById(deps.db, event.data.transferId);
  if (!transfer || transfer.toId !== me) return '';
  return partial(`#offer-${transfer.id}`, 'delete')
    + (transfer.state === 'pending' ? partial('#offers', 'beforeend', render('desk/_offer', { o: transfer, csrf: '', lang })) : '');
}

/** Tickets colleagues offer to this supporter: accept or decline. */
export const offers = {
  snapshot: (data) => partial('#offers', 'innerHTML', data.offers.map((o) => render('desk/_offer', { o, csrf: '', lang: data.lang })).join('')),
  addressed: {
    'transfer.offered': offerToMe,
    'transfer.answered': offerToMe,
  },
} satisfies DeskRegion;
