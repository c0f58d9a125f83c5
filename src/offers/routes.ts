import type { AppContext } from '../http/env.ts';
import { isHtmx } from '../http/htmx.ts';
import { redirect } from '../http/responses.ts';
import { table } from '../http/table.ts';
import { t } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { parseId } from '../lib/ids.ts';
import { escapeHtml } from '../lib/render.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { answerOffer, offerById } from './answer.ts';

/** The ringing desk's two buttons: Accept (a claim) and Decline (the next colleague's desk rings). */
export function offerRoutes(deps: Deps) {
  const { supporter } = supporterGuards(deps);

  return [table('/desk', [
    ['POST', '/offers/:id/:answer{accept|decline}', supporter, answer],
  ])];

  function answer(c: AppContext) {
    const id = parseId(c.req.param('id')) ?? 0;
    const accept = c.req.param('answer') === 'accept';
    answerOffer(deps, id, c.get('supporter').id, accept);
    const offer = offerById(deps.db, id)!;
    if (!isHtmx(c)) return redirect(c, accept ? `/desk#ticket-${offer.ticketId}` : '/desk');
    // Accepted: the answer names the ticket, whose tab comes to the front (public/js/desk-notice.js).
    const said = t(c.get('lang'), accept ? 'teamwork.offer.took' : 'desk.offers.declined', { name: offer.visitorName });
    return c.html(`<p class="notice notice--ok"${accept ? ` data-open-ticket="${offer.ticketId}"` : ''}>${escapeHtml(said)}</p>`);
  }
}
