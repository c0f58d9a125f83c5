import { Hono, type Context } from 'hono';
import { postMessageTogether } from '../chat/messages.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { escapeHtml, render } from '../lib/render.ts';
import { rateTicket } from '../line/rating.ts';
import { clientAddress } from '../http/address.ts';
import { formAction, redirect } from '../http/responses.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import type { AppEnv } from '../http/env.ts';
import { setAway } from '../line/away.ts';
import { leaveLine } from '../line/leave.ts';
import { ticketByToken } from '../line/tickets.ts';
import type { Presence } from '../presence/presence.ts';
import type { Whispers } from '../realtime/whispers.ts';
import type { Typing } from '../chat/typing.ts';
import type { PlaceBoard } from './places.ts';
import { consistentRead, latestEventId } from '../realtime/events.ts';
import { openEventStream } from '../realtime/stream.ts';
import { visitorPageData, visitorRenderer, visitorSnapshot } from './feed.ts';
import { isLanguage } from '../i18n/index.ts';
import { ticketLanguage } from '../i18n/ticket-language.ts';

/** The live services the ticket page's routes hand open pages to (app.ts makes them, one each per process). */
export interface TicketPageServices { presence: Presence; places: PlaceBoard; whispers: Whispers; typing: Typing }

/** The visitor's ticket page, addressed by the secret token in its URL. */
export function visitorRoutes(deps: Deps, { presence, places, whispers, typing }: TicketPageServices) {
  const app = new Hono<AppEnv>();
  const base = (c: Context) => `/t/${encodeURIComponent(c.req.param('token') ?? '')}`;

  app.get('/t/:token', (c) => {
    c.header('Cache-Control', 'no-store');
    const page = consistentRead(deps, () => {
      const cursor = latestEventId(deps.db);
      const ticket = ticketByToken(deps, c.req.param('token'));
      // A ticket page speaks the ticket's language (chosen at the intake, changed by the switcher).
      return { ...visitorPageData(deps, ticket, base(c), c.get('csrf'), ticketLanguage(deps.db, ticket.id)), cursor };
    });
    return c.html(render('ticket/page', page));
  });

  app.get('/t/:token/stream', (c) => {
    const ticket = ticketByToken(deps, c.req.param('token'));
    // Pushes are rendered in the language of the page that opened the stream.
    const query = c.req.query('lang');
    const lang = isLanguage(query) ? query : ticketLanguage(deps.db, ticket.id);
    let stopWatching = () => {};
    let stopWhispers = () => {};
    return openEventStream(deps, {
      // Only this ticket's own events: places in line come from the place board, not from every line change.
      subscription: { topics: [], ticketId: ticket.id },
      cursor: c.req.header('Last-Event-ID') ?? c.req.query('after'),
      render: visitorRenderer(deps, ticket.id, base(c), lang),
      snapshot: () => visitorSnapshot(deps, ticket.id, base(c), lang),
      request: c.req.raw,
      outgoing: c.env?.outgoing,
      address: clientAddress(c),
      lang: c.get('lang'),
      onOpen: (push) => {
        stopWatching = places.watch(ticket.id, push);
        stopWhispers = whispers.join(`ticket:${ticket.id}`, push);
        presence.connected('visitor', ticket.id);
      },
      onClose: () => {
        stopWatching();
        stopWhispers();
        presence.disconnected('visitor', ticket.id);
      },
    });
  });

  app.post('/t/:token/messages', async (c) => {
    const ticket = ticketByToken(deps, c.req.param('token'));
    const form = await formFields(c);
    try {
      await postMessageTogether(deps, ticket.id, { kind: 'visitor' }, form.body, form.nonce);
    } catch (error) {
      if (!(error instanceof Invalid) || !isHtmx(c)) throw error;
      return c.html(escapeHtml(error.say(ticketLanguage(deps.db, ticket.id))), 400);
    }
    return afterAction(c);
  });

  // The visitor's page reports typing; the supporter's tab shows it for a few seconds.
  app.post('/t/:token/typing', (c) => {
    typing.visitorTyping(ticketByToken(deps, c.req.param('token')));
    c.set('nothingStored', true);
    return c.body(null, 204);
  });

  app.post('/t/:token/rating', async (c) => {
    const ticket = ticketByToken(deps, c.req.param('token'));
    const form = await formFields(c);
    const rate = () => rateTicket(deps, ticket, { stars: form.stars, comment: form.comment, decline: form.decline === '1' });
    return formAction(c, rate, base(c), ticketLanguage(deps.db, ticket.id));
  });

  for (const [path, away] of [['away', true], ['back', false]] as const) {
    app.post(`/t/:token/${path}`, (c) => {
      setAway(deps, ticketByToken(deps, c.req.param('token')), away);
      return afterAction(c);
    });
  }

  app.post('/t/:token/leave', (c) => {
    leaveLine(deps, ticketByToken(deps, c.req.param('token')));
    return afterAction(c);
  });

  // htmx pages get their update over the stream; a page without script is sent back to reload.
  const afterAction = (c: Context) => (isHtmx(c) ? c.body(null, 204) : redirect(c, base(c)));

  return app;
}
