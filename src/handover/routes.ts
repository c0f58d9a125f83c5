import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import { deskAction, redirect } from '../http/responses.ts';
import { table } from '../http/table.ts';
import { t, type Key, type Params } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { parseId } from '../lib/ids.ts';
import { escapeHtml } from '../lib/render.ts';
import { ticketGuards } from '../line/guards.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { putBackInLine } from './back-to-line.ts';
import { transferToGroup } from './group-transfer.ts';
import { inviteColleague, leaveChat } from './invite.ts';
import { takeOver } from './take-over.ts';
import { answerTransfer, offerTransfer, transferById } from './transfers.ts';

/**
 * Hand-overs between supporters: transfer, back to the line, invite, leave, take over. Who may do
 * which to a ticket (its holder; supervisors and admins take over) is the domain's to decide.
 */
export function handoverRoutes(deps: Deps) {
  const { supporter } = supporterGuards(deps);
  const { ticket } = ticketGuards(deps);

  return [table('/desk', [
    ['POST', '/tickets/:id/transfer',                  supporter, ticket, offer],
    ['POST', '/tickets/:id/transfer-group',            supporter, ticket, toGroup],
    ['POST', '/tickets/:id/back-to-line',              supporter, ticket, backToLine],
    ['POST', '/tickets/:id/invite',                    supporter, ticket, invite],
    ['POST', '/tickets/:id/leave-chat',                supporter, ticket, leave],
    ['POST', '/tickets/:id/take-over',                 supporter, ticket, takeOverTicket],
    ['POST', '/transfers/:id/:answer{accept|decline}', supporter,         answer],
  ])];

  async function offer(c: AppContext) {
    const form = await formFields(c);
    return deskAction(c, () => offerTransfer(deps, c.get('ticket').id, c.get('supporter').id, form.to, form.note));
  }

  async function toGroup(c: AppContext) {
    const form = await formFields(c);
    return deskAction(c, () => transferToGroup(deps, c.get('ticket').id, c.get('supporter').id, form.group, form.note, c.get('lang')));
  }

  async function backToLine(c: AppContext) {
    const form = await formFields(c);
    return deskAction(c, () => putBackInLine(deps, c.get('ticket').id, c.get('supporter').id, form.note, c.get('lang')));
  }

  async function invite(c: AppContext) {
    const form = await formFields(c);
    return deskAction(c, () => inviteColleague(deps, c.get('ticket').id, c.get('supporter').id, form.to));
  }

  function leave(c: AppContext) {
    return deskAction(c, () => leaveChat(deps, c.get('ticket').id, c.get('supporter').id));
  }

  // Answers land in the desk's notice area; the tab itself arrives over the stream.
  function takeOverTicket(c: AppContext) {
    const { id, visitorName } = c.get('ticket');
    takeOver(deps, id, c.get('supporter'));
    return done(c, 'teamwork.tookOver', { name: visitorName }, id);
  }

  function answer(c: AppContext) {
    const transfer = transferById(deps.db, parseId(c.req.param('id')) ?? 0);
    const accept = c.req.param('answer') === 'accept';
    answerTransfer(deps, transfer?.id ?? 0, c.get('supporter').id, accept, c.get('lang'));
    return done(c, accept ? 'teamwork.offer.took' : 'teamwork.offer.declinedIt', { name: transfer!.visitorName }, accept ? transfer!.ticketId : null);
  }

  // The notice is said in the supporter's language.
  function done(c: AppContext, key: Key, params: Params, openTicket: number | null) {
    if (!isHtmx(c)) return redirect(c, openTicket ? `/desk#ticket-${openTicket}` : '/desk');
    const open = openTicket ? ` data-open-ticket="${openTicket}"` : '';
    return c.html(`<p class="notice notice--ok"${open}>${escapeHtml(t(c.get('lang'), key, params))}</p>`);
  }
}
