import { Hono, type Context } from 'hono';
import { t, type Key, type Params } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { escapeHtml } from '../lib/render.ts';
import { parseId } from '../lib/ids.ts';
import { deskAction, redirect } from '../http/responses.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import type { AppEnv } from '../http/env.ts';
import { ticketById } from '../line/tickets.ts';
import { requireSupporter } from '../supporters/guards.ts';
import { putBackInLine } from './back-to-line.ts';
import { inviteColleague, leaveChat } from './invite.ts';
import { takeOver } from './take-over.ts';
import { answerTransfer, offerTransfer, transferById } from './transfers.ts';

/** Hand-overs between supporters: transfer, back to the line, invite, leave, take over. */
export function handoverRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  app.use('/desk/*', requireSupporter(deps));
  const ticketOf = (raw: string | undefined) => ticketById(deps, parseId(raw));

  app.post('/desk/tickets/:id/transfer', async (c) => {
    const [ticket, form] = [ticketOf(c.req.param('id')), await formFields(c)];
    return deskAction(c, () => offerTransfer(deps, ticket.id, c.get('supporter').id, form.to, form.note));
  });

  app.post('/desk/tickets/:id/back-to-line', async (c) => {
    const [ticket, form] = [ticketOf(c.req.param('id')), await formFields(c)];
    return deskAction(c, () => putBackInLine(deps, ticket.id, c.get('supporter').id, form.note, c.get('lang')));
  });

  app.post('/desk/tickets/:id/invite', async (c) => {
    const [ticket, form] = [ticketOf(c.req.param('id')), await formFields(c)];
    return deskAction(c, () => inviteColleague(deps, ticket.id, c.get('supporter').id, form.to));
  });

  app.post('/desk/tickets/:id/leave-chat', (c) => {
    const ticket = ticketOf(c.req.param('id'));
    return deskAction(c, () => leaveChat(deps, ticket.id, c.get('supporter').id));
  });

  // Answers land in the desk's notice area; the tab itself arrives over the stream.
  app.post('/desk/tickets/:id/take-over', (c) => {
    const ticket = ticketOf(c.req.param('id'));
    takeOver(deps, ticket.id, c.get('supporter'));
    return done(c, 'teamwork.tookOver', { name: ticket.visitorName }, ticket.id);
  });

  app.post('/desk/transfers/:id/:answer{accept|decline}', (c) => {
    const transfer = transferById(deps.db, parseId(c.req.param('id')) ?? 0);
    const accept = c.req.param('answer') === 'accept';
    answerTransfer(deps, transfer?.id ?? 0, c.get('supporter').id, accept, c.get('lang'));
    return done(c, accept ? 'teamwork.offer.took' : 'teamwork.offer.declinedIt', { name: transfer!.visitorName }, accept ? transfer!.ticketId : null);
  });

  // The notice is said in the supporter's language.
  const done = (c: Context<AppEnv>, key: Key, params: Params, openTicket: number | null) => {
    if (!isHtmx(c)) return redirect(c, openTicket ? `/desk#ticket-${openTicket}` : '/desk');
    const open = openTicket ? ` data-open-ticket="${openTicket}"` : '';
    return c.html(`<p class="notice notice--ok"${open}>${escapeHtml(t(c.get('lang'), key, params))}</p>`);
  };

  return app;
}
