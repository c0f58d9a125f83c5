import { postMessageTogether } from '../chat/messages.ts';
import type { Typing } from '../chat/typing.ts';
import { clientAddress } from '../http/address.ts';
import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import { page } from '../http/page.ts';
import { formAction, noStore, redirect } from '../http/responses.ts';
import { table } from '../http/table.ts';
import { isLanguage } from '../i18n/index.ts';
import { ticketLanguage } from '../line/ticket-language.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid, TooManyRequests } from '../lib/errors.ts';
import { escapeHtml } from '../lib/render.ts';
import { setAway } from '../line/away.ts';
import { ticketGuards } from '../line/guards.ts';
import { leaveLine } from '../line/leave.ts';
import { rateTicket } from '../line/rating.ts';
import { ticketById } from '../line/tickets.ts';
import type { Presence } from '../presence/presence.ts';
import { consistentRead, latestEventId } from '../realtime/events.ts';
import type { EventStreams } from '../realtime/stream.ts';
import type { Whispers } from '../realtime/whispers.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { blockHandlers } from './block-routes.ts';
import { detailsHandlers } from './details-routes.ts';
import { visitorPageData, visitorRenderer, visitorSnapshot } from './feed.ts';
import type { PlaceBoard } from './places.ts';
import type { PublicLimits } from './limits.ts';
import type { StaffingBoard } from './staffing.ts';
import { OPEN_PER_VISITOR, openRequests, TICKET_COOKIE, yourRequests } from './requests.ts';
import { readCookie } from '../http/cookies.ts';
import { turnIntoMessage } from '../intake/offline.ts';

/** The live services the ticket page's routes hand open pages to (app.ts makes them, one each per process). */
export interface TicketPageServices { presence: Presence; places: PlaceBoard; staffing: StaffingBoard; whispers: Whispers; typing: Typing; streams: EventStreams; limits: PublicLimits }

/**
 * The visitor's ticket page, addressed by the secret token in its URL; the holder's forms in the
 * details panel beside the chat (details-routes.ts); the admin's blocked visitors (block-routes.ts).
 */
export function visitorRoutes(deps: Deps, { presence, places, staffing, whispers, typing, streams, limits }: TicketPageServices) {
  const { visitor } = ticketGuards(deps);
  const { supporter, admin } = supporterGuards(deps);
  const details = detailsHandlers(deps);
  const blocks = blockHandlers(deps);

  return [
    table('/t/:token', [
      ['GET',  '/',         noStore, visitor, showTicketPage],
      ['GET',  '/stream',   visitor, openStream],
      ['POST', '/messages', visitor, postMessage],
      ['POST', '/typing',   visitor, reportTyping],
      ['POST', '/rating',   visitor, rate],
      ['POST', '/away',     visitor, stepAway],
      ['POST', '/back',     visitor, comeBack],
      ['POST', '/leave',    visitor, leave],
      ['POST', '/leave-message', visitor, leaveMessageInstead],
    ]),
    table('/desk', [
      ['POST', '/tickets/:id/comment', supporter, details.saveComment],
      ['POST', '/tickets/:id/fields',  supporter, details.saveFields],
      ['POST', '/tickets/:id/block',   supporter, details.blockVisitor],
    ]),
    table('/admin', [
      ['GET',  '/blocks',            admin, noStore, blocks.showBlocks],
      ['POST', '/blocks/:id/delete', admin, blocks.liftBlock],
    ]),
  ];

  /** The page's own address: its links and forms lead back to it. */
  function base(c: AppContext) {
    return `/t/${encodeURIComponent(c.req.param('token') ?? '')}`;
  }

  function showTicketPage(c: AppContext) {
    const data = consistentRead(deps, () => {
      const cursor = latestEventId(deps.db);
      // Read again inside the page's snapshot: the page and the cursor its stream starts from
      // must agree, also when another process changed the ticket a moment ago.
      const ticket = ticketById(deps.db, c.get('ticket').id);
      // A ticket page speaks the ticket's language (chosen at the intake, changed by the switcher).
      // This browser's other open requests, and whether it may open one more.
      const open = openRequests(deps, readCookie(c, deps.config, TICKET_COOKIE));
      const requests = yourRequests(open, c.req.param('token') ?? null);
      return { ...visitorPageData(deps, ticket, base(c), c.get('csrf'), ticketLanguage(deps.db, ticket.id)), cursor, requests, canAskMore: open.length < OPEN_PER_VISITOR };
    });
    return page(c, 'ticket/page', data);
  }

  function openStream(c: AppContext) {
    const ticket = c.get('ticket');
    // Pushes are rendered in the language of the page that opened the stream.
    const query = c.req.query('lang');
    const lang = isLanguage(query) ? query : ticketLanguage(deps.db, ticket.id);
    let stopWatching = () => {};
    let stopStaffing = () => {};
    let stopWhispers = () => {};
    return streams.openStream({
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
        stopWatching = places.watch(ticket.id, lang, push);
        stopStaffing = staffing.watch(push);
        stopWhispers = whispers.join(`ticket:${ticket.id}`, push);
        presence.connected('visitor', ticket.id);
      },
      onClose: () => {
        stopWatching();
        stopStaffing();
        stopWhispers();
        presence.disconnected('visitor', ticket.id);
      },
    });
  }

  async function postMessage(c: AppContext) {
    const ticket = c.get('ticket');
    const form = await formFields(c);
    try {
      limits.message(clientAddress(c), ticket.id);
      await postMessageTogether(deps, ticket.id, { kind: 'visitor' }, form.body, form.nonce);
    } catch (error) {
      if (!(error instanceof Invalid || error instanceof TooManyRequests) || !isHtmx(c)) throw error;
      // What the visitor typed stays in the box; the reason shows beside it.
      if (error instanceof TooManyRequests) c.header('Retry-After', String(error.retryAfterSeconds));
      return c.html(escapeHtml(error.say(ticketLanguage(deps.db, ticket.id))), error.status as 400 | 429);
    }
    return afterAction(c);
  }

  // Nobody is available: the visitor leaves what they wrote as a message answered by e-mail.
  async function leaveMessageInstead(c: AppContext) {
    const ticket = c.get('ticket');
    const form = await formFields(c);
    const turn = () => turnIntoMessage(deps, ticket, { email: form.email, body: form.body });
    return formAction(c, turn, base(c), ticketLanguage(deps.db, ticket.id));
  }

  // The visitor's page reports typing; the supporter's tab shows it for a few seconds.
  function reportTyping(c: AppContext) {
    typing.visitorTyping(c.get('ticket'));
    c.set('nothingStored', true);
    return c.body(null, 204);
  }

  async function rate(c: AppContext) {
    const ticket = c.get('ticket');
    const form = await formFields(c);
    const rating = () => rateTicket(deps, ticket, { stars: form.stars, comment: form.comment, decline: form.decline === '1' });
    return formAction(c, rating, base(c), ticketLanguage(deps.db, ticket.id));
  }

  async function stepAway(c: AppContext) {
    const ticket = c.get('ticket');
    const form = await formFields(c);
    return formAction(c, () => setAway(deps, ticket, true, form.note), base(c), ticketLanguage(deps.db, ticket.id));
  }

  function comeBack(c: AppContext) {
    setAway(deps, c.get('ticket'), false);
    return afterAction(c);
  }

  function leave(c: AppContext) {
    leaveLine(deps, c.get('ticket'));
    return afterAction(c);
  }

  // htmx pages get their update over the stream; a page without script is sent back to reload.
  function afterAction(c: AppContext) {
    return isHtmx(c) ? c.body(null, 204) : redirect(c, base(c));
  }
}
