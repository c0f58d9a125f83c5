import { Hono } from 'hono';
import { postMessageTogether } from '../chat/messages.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { parseId } from '../lib/ids.ts';
import { escapeHtml, render } from '../lib/render.ts';
import { t } from '../i18n/index.ts';
import { clientAddress } from '../http/address.ts';
import { deskAction, redirect } from '../http/responses.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import type { AppEnv } from '../http/env.ts';
import { claimTicket } from '../line/claims.ts';
import { closeTicket } from '../line/close.ts';
import { escalateToMeeting } from '../line/meeting.ts';
import { askForRating } from '../line/rating.ts';
import { ticketById } from '../line/tickets.ts';
import type { Presence } from '../presence/presence.ts';
import type { Whispers } from '../realtime/whispers.ts';
import type { Typing } from '../chat/typing.ts';
import { setNewTicketAlerts, setStatus } from '../presence/status.ts';
import { consistentRead, latestEventId } from '../realtime/events.ts';
import { openEventStream } from '../realtime/stream.ts';
import { getSupporter } from '../supporters/accounts.ts';
import { postTeamMessage } from '../team/chat.ts';
import { requireSupporter } from '../supporters/guards.ts';
import { deskAudience, deskData, deskRenderer, deskSnapshot } from './feed.ts';

/** The live services the desk's routes hand open desks to (app.ts makes them, one each per process). */
export interface DeskServices { presence: Presence; whispers: Whispers; typing: Typing }

/**
 * The supporter's desk: the line, the team, their tabs. Every route here needs a signed-in
 * supporter. The desk speaks the supporter's language (c.get('lang')): a page and its stream
 * keep the one they were opened in.
 */
export function deskRoutes(deps: Deps, { presence, whispers, typing }: DeskServices) {
  const app = new Hono<AppEnv>();
  app.use('/desk', requireSupporter(deps));
  app.use('/desk/*', requireSupporter(deps));
  // Anything a desk sends shows someone is there: a busy desk then needs no pings at all.
  app.use('/desk/*', async (c, next) => {
    await next();
    if (c.req.method === 'POST' && c.get('supporter')) presence.heardFrom(c.get('supporter').id);
  });

  app.get('/desk', (c) => {
    c.header('Cache-Control', 'no-store');
    const page = consistentRead(deps, () => ({ cursor: latestEventId(deps.db), ...deskData(deps, c.get('supporter'), c.get('lang')) }));
    return c.html(render('desk/page', { ...page, csrf: c.get('csrf') }));
  });

  app.get('/desk/stream', (c) => {
    const me = c.get('supporter');
    const lang = c.get('lang');
    let stopWhispers = () => {};
    return openEventStream(deps, {
      subscription: { topics: ['line', 'team', 'desks'], supporterId: me.id },
      cursor: c.req.header('Last-Event-ID') ?? c.req.query('after'),
      render: deskRenderer(deps, me.id, me.role, lang),
      audience: deskAudience(me.role, lang),
      snapshot: () => deskSnapshot(deps, me, lang),
      // A disabled account stops seeing the line at once, not when the tab is closed.
      endsWith: (event) => event.type === 'supporter.disabled' && event.supporterId === me.id,
      request: c.req.raw,
      outgoing: c.env?.outgoing,
      address: clientAddress(c),
      lang: c.get('lang'),
      onOpen: (push) => {
        stopWhispers = whispers.join(`desk:${me.id}`, push, lang);
        presence.connected('supporter', me.id, true);
      },
      onClose: () => {
        stopWhispers();
        presence.disconnected('supporter', me.id, true);
      },
    });
  });

  // The desk's answer to a ping over its stream: someone is really there.
  app.post('/desk/alive', (c) => {
    presence.heardFrom(c.get('supporter').id);
    c.set('nothingStored', true);
    return c.body(null, 204);
  });

  app.post('/desk/tickets/:id/claim', (c) => {
    const ticket = ticketById(deps, parseId(c.req.param('id')));
    claimTicket(deps, ticket.id, c.get('supporter').id);
    if (!isHtmx(c)) return redirect(c, `/desk#ticket-${ticket.id}`);
    return c.html(`<p class="notice notice--ok" data-open-ticket="${ticket.id}">${escapeHtml(t(c.get('lang'), 'desk.line.claimed', { name: ticket.visitorName }))}</p>`);
  });

  app.post('/desk/tickets/:id/messages', async (c) => {
    const ticket = ticketById(deps, parseId(c.req.param('id')));
    const form = await formFields(c);
    const sender = { kind: 'supporter' as const, supporterId: c.get('supporter').id, note: form.note === '1' };
    return deskAction(c, () => postMessageTogether(deps, ticket.id, sender, form.body, form.nonce));
  });

  app.post('/desk/tickets/:id/typing', (c) => {
    typing.supporterTyping(ticketById(deps, parseId(c.req.param('id'))), c.get('supporter'));
    c.set('nothingStored', true);
    return c.body(null, 204);
  });

  app.post('/desk/tickets/:id/escalate', (c) => {
    const ticket = ticketById(deps, parseId(c.req.param('id')));
    return deskAction(c, () => escalateToMeeting(deps, ticket.id, c.get('supporter').id));
  });

  app.post('/desk/tickets/:id/ask-rating', (c) => {
    const ticket = ticketById(deps, parseId(c.req.param('id')));
    return deskAction(c, () => askForRating(deps, ticket.id, c.get('supporter').id));
  });

  app.post('/desk/tickets/:id/close', async (c) => {
    const ticket = ticketById(deps, parseId(c.req.param('id')));
    const form = await formFields(c);
    return deskAction(c, () => closeTicket(deps, ticket.id, c.get('supporter').id, form.resolution));
  });

  app.post('/desk/team/messages', async (c) => {
    const form = await formFields(c);
    return deskAction(c, () => postTeamMessage(deps, c.get('supporter').id, form.body, form.nonce));
  });

  app.post('/desk/alerts', async (c) => {
    const on = (await formFields(c)).newTickets === '1';
    setNewTicketAlerts(deps, c.get('supporter').id, on);
    return isHtmx(c) ? c.html(escapeHtml(t(c.get('lang'), on ? 'desk.alerts.on' : 'desk.alerts.off'))) : redirect(c, '/desk');
  });

  app.post('/desk/status', async (c) => {
    const form = await formFields(c);
    const me = c.get('supporter');
    let statusNotice: string | undefined;
    try {
      setStatus(deps, me.id, { status: form.status, message: form.message });
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      statusNotice = error.say(c.get('lang'));
    }
    if (!isHtmx(c)) return statusNotice ? c.text(statusNotice, 400) : redirect(c, '/desk');
    const fresh = getSupporter(deps, me.id) ?? me;
    return c.html(render('desk/_me', { me: fresh, csrf: '', statusNotice, lang: c.get('lang') }), statusNotice ? 400 : 200);
  });

  return app;
}

