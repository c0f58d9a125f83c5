import { clientAddress } from '../http/address.ts';
import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import { page } from '../http/page.ts';
import { redirect } from '../http/responses.ts';
import { LANGUAGES, t } from '../i18n/index.ts';
import { ticketLanguage, ticketLanguageTag } from '../line/ticket-language.ts';
import { intakeMode } from '../intake/mode.ts';
import { leaveMessage } from '../intake/offline.ts';
import type { Db } from '../lib/db.ts';
import type { Deps } from '../lib/deps.ts';
import { Invalid, TooManyRequests } from '../lib/errors.ts';
import { randomToken } from '../lib/ids.ts';
import { openTicket } from '../line/tickets.ts';
import { consistentRead, latestEventId } from '../realtime/events.ts';
import { isBlocked } from '../visitor/blocks.ts';
import { knownAddress, validVisitorKey, visitorContext } from '../visitor/context.ts';
import { visitorPageData } from '../visitor/feed.ts';
import { looksScripted, type PublicLimits } from '../visitor/limits.ts';
import type { widgetCsrf } from './csrf.ts';
import { verifyIdentity, type SignedVisitor } from './identity.ts';
import { attachToSite, widgetTicket } from './pages.ts';
import { checkSiteTopic, siteTopics, type Site } from './sites.ts';

/**
 * The pages inside the widget's iframe (routes in routes.ts): the intake and the ticket page. No
 * cookie reaches a cross-site frame, so their forms carry a signed CSRF token (`csrf.issue()`),
 * the language comes in the address, and the visitor key from the host page's storage.
 */
export function frameHandlers(deps: Deps, csrf: ReturnType<typeof widgetCsrf>, limits: PublicLimits) {
  const identityOf = (site: Site, token: string | undefined): SignedVisitor | null => verifyIdentity(site.secret, token, deps.clock.now());

  const intakePage = (c: AppContext, site: Site, extra: Record<string, unknown> = {}) => {
    const q = c.req.query();
    const user = q.user && q.user.length <= 4000 ? q.user : '';
    const visitorKey = validVisitorKey(q.vk) ?? '';
    // No cookie reaches the frame: the language comes in the address (widget.js passes it along).
    const languageLinks = LANGUAGES.map((l) => ({
      lang: l, name: t(l, 'language.name'), href: `/w/${site.key}?${new URLSearchParams({ ...(visitorKey && { vk: visitorKey }), ...(user && { user }), lang: l })}`,
    }));
    // The mode as of `cursor`: the page's stream switches it live from there (as on the intake page).
    const { cursor, mode } = consistentRead(deps, () => ({ cursor: latestEventId(deps.db), mode: intakeMode(deps) }));
    return page(c, 'widget/intake', {
      site, csrf: csrf.issue(), identity: identityOf(site, user), user, visitorKey, mode, cursor, languageLinks, openedAt: deps.clock.now(),
      topics: siteTopics(deps.db, site, c.get('lang')), ...extra,
    });
  };

  return {
    showIntake(c: AppContext) {
      return intakePage(c, c.get('site'));
    },

    async joinLine(c: AppContext) {
      const site = c.get('site');
      const form = await formFields(c);
      // No cookie reaches a cross-site frame: the visitor key comes from the host page's storage.
      const key = validVisitorKey(form.visitor_key) ?? randomToken();
      if (isBlocked(deps.db, key, knownAddress(clientAddress(c)))) {
        return page(c, isHtmx(c) ? 'intake/_blocked' : 'widget/blocked', { site, csrf: csrf.issue() }, 403);
      }
      // A valid signed token decides the name and e-mail; the (locked) form fields are never trusted.
      const identity = identityOf(site, form.user);
      const input = identity ? { ...form, name: identity.name, email: identity.email } : form;
      const again = (status: 400 | 429, message: string, errors: Record<string, string> = {}) => {
        const data = { site, csrf: csrf.issue(), cursor: latestEventId(deps.db), mode: intakeMode(deps), identity, user: identity ? form.user : '', visitorKey: key, values: form, errors, message,
          openedAt: deps.clock.now(), topics: siteTopics(deps.db, site, c.get('lang')) };
        return page(c, isHtmx(c) ? 'widget/_form' : 'widget/intake', data, status);
      };
      if (looksScripted(form, deps.clock.now(), deps.config.intakeMinSeconds)) return again(400, t(c.get('lang'), 'intake.notSent'));
      try {
        limits.newTicket(clientAddress(c), key);
        checkSiteTopic(deps.db, site, form.topic);
        const context = visitorContext({
          key, address: clientAddress(c), userAgent: c.req.header('User-Agent'), acceptLanguage: c.req.header('Accept-Language'), form,
        });
        const visitor = { ...context, language: ticketLanguageTag(context.language, c.get('lang')) };
        const fromSite = (tx: Db, ticketId: number) => attachToSite(tx, ticketId, site.id, Boolean(identity));
        // Like the intake page: closed, or nobody available, means a message for the team.
        const { token } = intakeMode(deps).live ? openTicket(deps, input, visitor, { extra: fromSite }) : leaveMessage(deps, input, visitor, fromSite);
        return redirect(c, `/w/${site.key}/t/${token}`);
      } catch (error) {
        if (error instanceof TooManyRequests) {
          c.header('Retry-After', String(error.retryAfterSeconds));
          return again(429, error.say(c.get('lang')));
        }
        if (!(error instanceof Invalid)) throw error;
        return again(400, t(c.get('lang'), 'intake.fixFields'), error.fieldsIn(c.get('lang')));
      }
    },

    showTicket(c: AppContext) {
      const site = c.get('site');
      const ticket = widgetTicket(deps, site, c.req.param('token') ?? '');
      // A token the widget should no longer use (unknown, another site's, closed before today):
      // the panel starts over with the intake and the host page forgets it.
      if (!ticket) return intakePage(c, site, { forget: true });
      const base = `/t/${encodeURIComponent(c.req.param('token') ?? '')}`;
      const data = consistentRead(deps, () => ({ ...visitorPageData(deps, ticket, base, csrf.issue(), ticketLanguage(deps.db, ticket.id)), cursor: latestEventId(deps.db) }));
      return page(c, 'widget/ticket', { ...data, site, token: c.req.param('token') });
    },
  };
}
