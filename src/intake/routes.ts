import { clientAddress } from '../http/address.ts';
import { readCookie, writeCookie } from '../http/cookies.ts';
import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import { page } from '../http/page.ts';
import { redirect } from '../http/responses.ts';
import { anyone, table } from '../http/table.ts';
import { t } from '../i18n/index.ts';
import { ticketLanguageTag } from '../line/ticket-language.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid } from '../lib/errors.ts';
import { openTicket } from '../line/tickets.ts';
import { OPEN_PER_VISITOR, openRequests, sameRequest, TICKET_COOKIE, yourRequests, type OpenRequest } from '../visitor/requests.ts';
import { consistentRead, latestEventId } from '../realtime/events.ts';
import type { EventStreams } from '../realtime/stream.ts';
import { isBlocked } from '../visitor/blocks.ts';
import { knownAddress, validVisitorKey, visitorContext } from '../visitor/context.ts';
import { randomToken } from '../lib/ids.ts';
import { intakeRenderer, intakeState } from './feed.ts';
import { intakeMode } from './mode.ts';
import { offeredTopics } from '../groups/topics.ts';
import { leaveMessage } from './offline.ts';
import { looksScripted, type PublicLimits } from '../visitor/limits.ts';
import { TooManyRequests } from '../lib/errors.ts';

const TICKET_COOKIE_DAYS = 30;
/** A browser's long-lived visitor key: earlier tickets and blocks go by it. */
export const VISITOR_COOKIE = 'lineup_visitor';
const VISITOR_COOKIE_DAYS = 365;

/** This browser's visitor key; a missing or malformed one is replaced by a new one (and the cookie set). Also the FAQ's votes. */
export function visitorKeyOf(c: AppContext, config: Deps['config']): string {
  const known = validVisitorKey(readCookie(c, config, VISITOR_COOKIE));
  if (known) return known;
  const key = randomToken();
  writeCookie(c, config, VISITOR_COOKIE, key, VISITOR_COOKIE_DAYS * 24 * 3600);
  return key;
}

/** The public intake page: a visitor says who they are and joins the line. */
export function intakeRoutes(deps: Deps, { streams, limits }: { streams: EventStreams; limits: PublicLimits }) {
  return [table('/', [
    ['GET',  '/',              anyone, showIntake],
    ['POST', '/tickets',       anyone, joinLine],
    ['GET',  '/stream/intake', anyone, openStream],
  ])];

  /** This browser's requests that are still open, oldest first (the cookie holds up to OPEN_PER_VISITOR). */
  function openOnes(c: AppContext): OpenRequest[] {
    return openRequests(deps, readCookie(c, deps.config, TICKET_COOKIE));
  }

  /** This browser's visitor key; a missing or malformed one is replaced by a new one. */
  function visitorKey(c: AppContext): string {
    return visitorKeyOf(c, deps.config);
  }

  function blocked(c: AppContext, key: string) {
    return isBlocked(deps.db, key, knownAddress(clientAddress(c)));
  }

  function refuse(c: AppContext) {
    return page(c, isHtmx(c) ? 'intake/_blocked' : 'intake/blocked', {}, 403);
  }

  function showIntake(c: AppContext) {
    // A blocked visitor is not offered the intake at all, not even the way back to an open ticket.
    if (blocked(c, visitorKey(c))) return refuse(c);
    // The same browser goes back to its newest open ticket, unless it asks for a new request.
    const token = c.req.query('new') === undefined ? openOnes(c).at(-1)?.token : undefined;
    if (token) return c.redirect(`/t/${encodeURIComponent(token)}`, 303);
    return page(c, 'intake/page', consistentRead(deps, () => ({ cursor: latestEventId(deps.db), mode: intakeMode(deps), openedAt: deps.clock.now(), topics: offeredTopics(deps.db, c.get('lang')) })));
  }

  async function joinLine(c: AppContext) {
    const key = visitorKey(c);
    if (blocked(c, key)) return refuse(c);
    const form = await formFields(c);
    const lang = c.get('lang');
    const open = openOnes(c);
    // A second submit of the same request (a double click, a resend) finds the ticket the first one opened.
    const resent = sameRequest(open, form);
    if (resent) return redirect(c, `/t/${encodeURIComponent(resent)}`);
    // Each request is a ticket of its own, up to a few open at once.
    if (open.length >= OPEN_PER_VISITOR) return tooManyOpen(c, open);
    if (looksScripted(form, deps.clock.now(), deps.config.intakeMinSeconds)) return formAgain(c, form, t(lang, 'intake.notSent'), 400);
    try {
      limits.newTicket(clientAddress(c), key);
      const context = visitorContext({
        key, address: clientAddress(c), userAgent: c.req.header('User-Agent'), acceptLanguage: c.req.header('Accept-Language'), form,
      });
      // The ticket keeps the language the intake was shown in: its system lines and mail use it.
      const visitor = { ...context, language: ticketLanguageTag(context.language, lang) };
      // The server decides at the moment of sending: closed, or nobody available, means a message for later.
      const offline = !intakeMode(deps).live;
      const { token } = offline ? leaveMessage(deps, form, visitor) : openTicket(deps, form, visitor);
      if (!offline) writeCookie(c, deps.config, TICKET_COOKIE, [...open.map((r) => r.token), token].join('.'), TICKET_COOKIE_DAYS * 24 * 3600);
      return redirect(c, `/t/${token}`);
    } catch (error) {
      if (error instanceof TooManyRequests) {
        c.header('Retry-After', String(error.retryAfterSeconds));
        return formAgain(c, form, error.say(lang), 429);
      }
      if (!(error instanceof Invalid)) throw error;
      return formAgain(c, form, t(lang, 'intake.fixFields'), 400, error.fieldsIn(lang));
    }
  }

  /** The intake form again, with what was typed, a message above it and any field's error. */
  function formAgain(c: AppContext, form: Record<string, string>, message: string, status: 400 | 429, errors: Record<string, string> = {}) {
    const data = { values: form, errors, message, mode: intakeMode(deps), openedAt: deps.clock.now(), topics: offeredTopics(deps.db, c.get('lang')) };
    if (isHtmx(c)) return page(c, 'intake/_form', data, status);
    return page(c, 'intake/page', { ...data, cursor: latestEventId(deps.db) }, status);
  }

  function tooManyOpen(c: AppContext, open: OpenRequest[]) {
    const lang = c.get('lang');
    const data = { mode: intakeMode(deps), tooMany: yourRequests(open, null), message: t(lang, 'intake.tooManyOpen', { max: OPEN_PER_VISITOR }), openedAt: deps.clock.now(), topics: offeredTopics(deps.db, lang) };
    return page(c, isHtmx(c) ? 'intake/_form' : 'intake/page', { ...data, cursor: latestEventId(deps.db) }, 409);
  }

  // Keeps the intake true while the visitor fills it in: who is online, and live line or offline
  // form. Only the banner, the e-mail hint and the button change: what was typed stays.
  function openStream(c: AppContext) {
    const language = c.get('lang');
    return streams.openStream({
      subscription: { topics: ['team'] },
      cursor: c.req.header('Last-Event-ID') ?? c.req.query('after'),
      render: intakeRenderer(deps, language),
      audience: `intake:${language}`,
      snapshot: () => intakeState(deps, language),
      request: c.req.raw,
      outgoing: c.env?.outgoing,
      address: clientAddress(c),
      lang: language,
    });
  }
}
