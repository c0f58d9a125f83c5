import { transferById } from '../../handover/transfers.ts';
import { partial, render } from '../../lib/render.ts';
import type { Lang } from '../../i18n/index.ts';
import type { Deps } from '../../lib/deps.ts';
import { offerById, ringing, type OfferView } from '../../offers/answer.ts';
import type { EventOf } from '../../realtime/catalogue.ts';
import type { Drawn } from '../../realtime/signals.ts';
import type { DeskRegion, OwnView } from './region.ts';

/** An offer appears on the colleague's desk while it is pending, and leaves it once answered. */
function offerToMe(event: EventOf<'transfer.offered' | 'transfer.answered'>, { deps, me, lang }: OwnView): string {
  const transfer = transferById(deps.db, event.data.transferId);
  if (!transfer || transfer.toId !== me) return '';
  return partial(`#offer-${transfer.id}`, 'delete')
    + (transfer.state === 'pending' ? partial('#offers', 'beforeend', render('desk/_offer', { o: transfer, csrf: '', lang })) : '');
}

function ringCard(deps: Deps, o: OfferView, lang: Lang): string {
  return render('desk/_ring', { o: ringing(deps.db, o, lang), now: deps.clock.now(), csrf: '', lang });
}

/** The line offers this desk a ticket: the card, and a signal that rings (public/js/ring.js). */
function rings(event: EventOf<'offer.rang'>, { deps, me, lang }: OwnView): Drawn {
  const offer = offerById(deps.db, event.data.offerId);
  if (!offer || offer.supporterId !== me || offer.outcome !== 'ringing') return { html: '', signals: [] };
  return {
    html: partial(`#ring-${offer.id}`, 'delete') + partial('#offers', 'afterbegin', ringCard(deps, offer, lang)),
    signals: [{ name: 'lineup:ring', data: { ticket: offer.ticketId, name: offer.visitorName, problem: offer.problem } }],
  };
}

/** Tickets colleagues offer to this supporter, and tickets the line offers them: accept or decline. */
export const offers = {
  snapshot: (data) => partial('#offers', 'innerHTML', data.rings.map((o) => render('desk/_ring', { o, now: data.now, csrf: '', lang: data.lang })).join('')
    + data.offers.map((o) => render('desk/_offer', { o, csrf: '', lang: data.lang })).join('')),
  addressed: {
    'transfer.offered': offerToMe,
    'transfer.answered': offerToMe,
    'offer.rang': rings,
    'offer.ended': (event) => partial(`#ring-${event.data.offerId}`, 'delete'),
  },
} satisfies DeskRegion;
