import type { MiddlewareHandler } from 'hono';
import { postMessageTogether } from '../chat/messages.ts';
import type { Typing } from '../chat/typing.ts';
import { clientAddress } from '../http/address.ts';
import type { AppContext, AppEnv } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import { page } from '../http/page.ts';
import { deskAction, noStore, redirect } from '../http/responses.ts';
import { table } from '../http/table.ts';
import { t } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { escapeHtml } from '../lib/render.ts';
import { claimAllOfVisitor, claimNext, claimTicket } from '../line/claims.ts';
import { ticketById } from '../line/tickets.ts';
import { closeTicket } from '../line/close.ts';
import { ticketGuards } from '../line/guards.ts';
import { escalateToMeeting } from '../line/meeting.ts';
import { askForRating } from '../line/rating.ts';
import type { Presence } from '../presence/presence.ts';
import { setNewTicketAlerts, setStatus, stepAway } from '../presence/status.ts';
import { consistentRead, latestEventId } from '../realtime/events.ts';
import type { EventStreams } from '../realtime/stream.ts';
import type { Whispers } from '../realtime/whispers.ts';
import { getSupporter } from '../supporters/accounts.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { postTeamMessage } from '../team/chat.ts';
import { deskAudience, deskData, deskRenderer, deskSnapshot } from './feed.ts';
import { endsStaffStream } from '../supporters/sessions.ts';
import { deskScope } from '../groups/members.ts';
import { reasonChoices } from '../presence/breaks.ts';
import { overCapacity } from '../groups/capacity.ts';

/** The live services the desk's routes hand open desks to (app.ts makes them, one each per process). */
export interface DeskServices { presence: Presence; whispers: Whispers; typing: Typing; streams: EventStreams }

/**
 * The supporter's desk: the line, the team, their tabs. The desk speaks the supporter's language
 * (c.get('lang')): a page and its stream keep the one they were opened in.
 */
export function deskRoutes(deps: Deps, { presence, whispers, typing, streams }: DeskServices) {
  const { supporter } = supporterGuards(deps);
  const { ticket } = ticketGuards(deps);

  return [table('/desk', [
    ['GET',  '/',                       supporter, noStore, showDesk],
    ['GET',  '/stream',                 supporter,         openStream],
    ['POST', '/alive',                  supporter,         answerPing],
    ['POST', '/tickets/:id/claim',      supporter, ticket, claim],
    ['POST', '/claim-next',             supporter,         claimTheNext],
    ['POST', '/tickets/:id/claim-all',  supporter, ticket, claimAll],
    ['POST', '/tickets/:id/messages',   supporter, ticket, postMessage],
    ['POST', '/tickets/:id/typing',     supporter, ticket, reportTyping],
    ['POST', '/tickets/:id/escalate',   supporter, ticket, escalate],
    ['POST', '/tickets/:id/ask-rating', supporter, ticket, askRating],
    ['POST', '/tickets/:id/close',      supporter, ticket, close],
    ['POST', '/team/messages',          supporter,         postToTeam],
    ['POST', '/alerts',                 supporter,         setAlerts],
    ['POST', '/status',                 supporter,         saveStatus],
    ['POST', '/step-away',              supporter,         stepAwayNow],
  ])];

  function showDesk(c: AppContext) {
    const data = consistentRead(deps, () => ({ cursor: latestEventId(deps.db), ...deskData(deps, c.get('supporter'), c.get('lang')) }));
    return page(c, 'desk/page', data);
  }

  function openStream(c: AppContext) {
    const me = c.get('supporter');
    const lang = c.get('lang');
    let stopWhispers = () => {};
    // The lines this desk shows are fixed for the stream's life: a change of groups ends it (see DELIVERY).
    const scope = deskScope(deps.db, me);
    return streams.openStream({
      subscription: { topics: ['line', 'team', 'desks'], supporterId: me.id },
      cursor: c.req.header('Last-Event-ID') ?? c.req.query('after'),
      render: deskRenderer(deps, me.id, me.role, lang, scope),
      audience: deskAudience(me.role, lang, scope),
      snapshot: () => deskSnapshot(deps, me, lang),
      // A disabled account stops seeing the line at once, not when the tab is closed.
      endsWith: endsStaffStream(me.id, me.sessionId),
      request: c.req.raw,
      outgoing: c.env?.outgoing,
      address: clientAddress(c),
      lang: c.get('lang'),
      onOpen: (push) => {
        stopWhispers = whispers.join(`desk:${me.id}`, push, lang);
        presence.connected('supporter', me.id, { answersPings: true });
      },
      onClose: () => {
        stopWhispers();
        presence.disconnected('supporter', me.id, { answersPings: true });
      },
    });
  }

  // The desk's answer to a ping over its stream: someone is really there.
  function answerPing(c: AppContext) {
    presence.heardFrom(c.get('supporter').id);
    c.set('nothingStored', true);
    return c.body(null, 204);
  }

  function claim(c: AppContext) {
    const { id, visitorName } = c.get('ticket');
    claimTicket(deps, id, c.get('supporter').id);
    if (!isHtmx(c)) return redirect(c, `/desk#ticket-${id}`);
    return claimedNotice(c, id, visitorName);
  }

  function claimTheNext(c: AppContext) {
    const id = claimNext(deps, c.get('supporter').id);
    if (!isHtmx(c)) return redirect(c, `/desk#ticket-${id}`);
    return claimedNotice(c, id, ticketById(deps.db, id).visitorName);
  }

  function claimAll(c: AppContext) {
    const { id, visitorName } = c.get('ticket');
    const claimed = claimAllOfVisitor(deps, id, c.get('supporter').id);
    if (!isHtmx(c)) return redirect(c, `/desk#ticket-${claimed[0]}`);
    const said = t(c.get('lang'), 'desk.line.claimedAll', { count: claimed.length, name: visitorName });
    return c.html(`<p class="notice notice--ok" data-open-ticket="${claimed[0]}">${escapeHtml(said)}</p>`);
  }

  /** The answer to a claim: it names the ticket, whose tab comes to the front (public/js/desk-notice.js). */
  /** "You claimed Vera's ticket", and a warning when that took the supporter past their limit of chats at once. */
  function claimedNotice(c: AppContext, id: number, visitorName: string) {
    const lang = c.get('lang');
    const over = overCapacity(deps.db, c.get('supporter').id);
    const warning = over ? `<p class="notice notice--warn" role="status">${escapeHtml(t(lang, 'desk.line.overCapacity', over))}</p>` : '';
    return c.html(`<p class="notice notice--ok" data-open-ticket="${id}">${escapeHtml(t(lang, 'desk.line.claimed', { name: visitorName }))}</p>${warning}`);
  }

  async function postMessage(c: AppContext) {
    const form = await formFields(c);
    const sender = { kind: 'supporter' as const, supporterId: c.get('supporter').id, note: form.note === '1' };
    return deskAction(c, () => postMessageTogether(deps, c.get('ticket').id, sender, form.body, form.nonce));
  }

  function reportTyping(c: AppContext) {
    typing.supporterTyping(c.get('ticket'), c.get('supporter'));
    c.set('nothingStored', true);
    return c.body(null, 204);
  }

  function escalate(c: AppContext) {
    return deskAction(c, () => escalateToMeeting(deps, c.get('ticket').id, c.get('supporter').id));
  }

  function askRating(c: AppContext) {
    return deskAction(c, () => askForRating(deps, c.get('ticket').id, c.get('supporter').id));
  }

  async function close(c: AppContext) {
    const form = await formFields(c);
    return deskAction(c, () => closeTicket(deps, c.get('ticket').id, c.get('supporter').id, form.resolution));
  }

  async function postToTeam(c: AppContext) {
    const form = await formFields(c);
    return deskAction(c, () => postTeamMessage(deps, c.get('supporter').id, form.body, form.nonce));
  }

  async function setAlerts(c: AppContext) {
    const on = (await formFields(c)).newTickets === '1';
    setNewTicketAlerts(deps, c.get('supporter').id, on);
    return isHtmx(c) ? c.html(escapeHtml(t(c.get('lang'), on ? 'desk.alerts.on' : 'desk.alerts.off'))) : redirect(c, '/desk');
  }

  async function saveStatus(c: AppContext) {
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
    const fresh = getSupporter(deps.db, me.id) ?? me;
    return page(c, 'desk/_me', { me: fresh, csrf: '', statusNotice, reasons: reasonChoices(deps.db, c.get('lang')) }, statusNotice ? 400 : 200);
  }

  function stepAwayNow(c: AppContext) {
    const me = c.get('supporter');
    stepAway(deps, me.id);
    if (!isHtmx(c)) return redirect(c, '/desk');
    return page(c, 'desk/_me', { me: getSupporter(deps.db, me.id) ?? me, csrf: '', steppedAway: true, reasons: reasonChoices(deps.db, c.get('lang')) });
  }
}

/** Anything a desk sends shows someone is there: a busy desk then needs no pings at all. */
export function heardFromDesk(presence: Presence): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.req.method === 'POST' && c.get('supporter')) presence.heardFrom(c.get('supporter').id);
  };
}
