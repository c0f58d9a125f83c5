import fs from 'node:fs';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import type { Db } from '../lib/db.ts';
import type { Deps } from '../lib/deps.ts';
import { Forbidden, Invalid, TooManyRequests } from '../lib/errors.ts';
import { HourlyAllowance } from '../lib/allowance.ts';
import { parseId, randomToken } from '../lib/ids.ts';
import { ROOT } from '../lib/paths.ts';
import { escapeHtml, render } from '../lib/render.ts';
import { connectionOf, statement } from '../lib/statements.ts';
import { clientAddress } from '../http/address.ts';
import { formFields } from '../http/forms.ts';
import { isHtmx } from '../http/htmx.ts';
import { redirect } from '../http/responses.ts';
import type { AppEnv } from '../http/env.ts';
import { openTicket, ticketByToken } from '../line/tickets.ts';
import { intakeMode } from '../intake/mode.ts';
import { leaveMessage } from '../intake/offline.ts';
import { consistentRead, latestEventId } from '../realtime/events.ts';
import { requireSupporter } from '../supporters/guards.ts';
import { isBlocked } from '../visitor/blocks.ts';
import { knownAddress, validVisitorKey, visitorContext } from '../visitor/context.ts';
import { visitorPageData } from '../visitor/feed.ts';
import { widgetCsrf } from './csrf.ts';
import { t, Text, type Lang } from '../i18n/index.ts';
import { ticketLanguage, ticketLanguageTag } from '../i18n/ticket-language.ts';
import { widgetTexts } from '../i18n/widget.ts';
import { verifyIdentity, type SignedVisitor } from './identity.ts';
import { countInvite, INVITE_REPORTS_PER_HOUR, INVITE_STATS_DAYS, recentInviteStats } from './invites.ts';
import { PAGE_REPORTS_PER_HOUR, reportPage, widgetTicket } from './pages.ts';
import { addSite, allowsOrigin, listSites, regenerateSecret, siteById, siteByKey, updateSite, SITE_LIMITS, type Site } from './sites.ts';

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/**
 * The embeddable widget: the admin's sites, the script a site embeds, the pages inside its
 * iframe (framable only by that site's origins) and the small endpoints the script calls.
 */
export function widgetRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const admin = requireSupporter(deps, ['admin']);
  const csrf = widgetCsrf(deps);
  // Per site and address: the counts are anonymous figures, kept from being inflated by one page.
  const inviteReports = new HourlyAllowance(deps.clock, INVITE_REPORTS_PER_HOUR);
  const widgetJs = read('public/widget.js');

  // ---- admin: sites, their snippet, secret and invitation counts ----
  const sitesPage = (c: Context<AppEnv>, extra: Record<string, unknown> = {}) =>
    render('widget/sites', { me: c.get('supporter'), csrf: c.get('csrf'), lang: c.get('lang'), sites: listSites(deps), limits: SITE_LIMITS, ...extra });
  const sitePage = (c: Context<AppEnv>, site: Site, extra: Record<string, unknown> = {}) => render('widget/site', {
    me: c.get('supporter'), csrf: c.get('csrf'), lang: c.get('lang'), site, limits: SITE_LIMITS, stats: recentInviteStats(deps, site.id), statsDays: INVITE_STATS_DAYS,
    snippet: `<script src="${deps.config.publicUrl}/widget.js" data-site="${site.key}" async></script>`, ...extra,
  });
  const formValues = (site: Site) => ({
    name: site.name, origins: site.origins.join(' '), invite_after_seconds: site.inviteAfterSeconds ?? '', invite_pattern: site.invitePattern, invite_greeting: site.inviteGreeting,
  });

  app.get('/admin/sites', admin, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.html(sitesPage(c));
  });

  app.post('/admin/sites', admin, async (c) => {
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      const site = addSite(deps, form, lang);
      return c.redirect(`/admin/sites/${site.id}?added=1`, 303);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return c.html(sitesPage(c, { values: form, errors: error.fieldsIn(lang), message: t(lang, 'admin.form.fixMarked') }), 400);
    }
  });

  app.get('/admin/sites/:id', admin, (c) => {
    c.header('Cache-Control', 'no-store');
    const site = siteById(deps, parseId(c.req.param('id')));
    const notice = c.req.query('added') !== undefined ? { kind: 'ok', message: t(c.get('lang'), 'admin.site.added', { name: site.name }) } : undefined;
    return c.html(sitePage(c, site, { values: formValues(site), notice }));
  });

  app.post('/admin/sites/:id', admin, async (c) => {
    const site = siteById(deps, parseId(c.req.param('id')));
    const form = await formFields(c);
    const lang = c.get('lang');
    try {
      const saved = updateSite(deps, site.id, form, lang);
      return c.html(sitePage(c, saved, { values: formValues(saved), notice: { kind: 'ok', message: t(lang, 'admin.site.saved') } }));
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      return c.html(sitePage(c, site, { values: form, errors: error.fieldsIn(lang), message: t(lang, 'admin.form.fixMarked') }), 400);
    }
  });

  app.post('/admin/sites/:id/secret', admin, (c) => {
    const site = regenerateSecret(deps, parseId(c.req.param('id')));
    const notice = { kind: 'ok', message: t(c.get('lang'), 'admin.site.secretMade') };
    return c.html(sitePage(c, site, { values: formValues(site), notice }));
  });

  // ---- the script a site embeds (any origin may load it) ----
  app.get('/widget.js', (c) => c.body(widgetJs, 200, {
    'Content-Type': 'text/javascript; charset=utf-8', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300',
  }));

  // The example host pages: what a newcomer sees at /example/host.html (?site=KEY fills in a real key).
  for (const name of ['host.html', 'other.html', 'example.css'] as const) {
    const file = read(`public/example/${name}`);
    app.get(`/example/${name}`, (c) => {
      if (name === 'example.css') return c.body(file, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
      const key = /^[A-Za-z0-9_-]{16}$/.test(c.req.query('site') ?? '') ? c.req.query('site')! : null;
      return c.html(examplePage(file, deps.config.publicUrl, key));
    });
  }

  // ---- what the script asks before it shows anything: the site's name and invitation ----
  /** CORS for the site's own origins only; any other origin is refused. */
  const fromSite = (c: Context<AppEnv>, site: Site) => {
    const origin = c.req.header('Origin');
    c.header('Vary', 'Origin');
    if (!allowsOrigin(site, origin)) throw new Forbidden(new Text('admin.widget.originRefused'));
    c.header('Access-Control-Allow-Origin', origin!);
  };

  app.get('/w/:key/config', (c) => {
    const site = siteByKey(deps, c.req.param('key'));
    fromSite(c, site);
    c.header('Cache-Control', 'no-store');
    const invite = site.inviteAfterSeconds ? { afterSeconds: site.inviteAfterSeconds, pattern: site.invitePattern, greeting: site.inviteGreeting } : null;
    return c.json({ name: site.name, invite, csrf: csrf.issue(), texts: widgetTexts(c.get('lang')) });
  });

  app.post('/w/:key/invites', async (c) => {
    const site = siteByKey(deps, c.req.param('key'));
    fromSite(c, site);
    const reporter = `${site.id}:${clientAddress(c)}`;
    if (!inviteReports.has(reporter)) throw new TooManyRequests(new Text('admin.widget.tooManyReports'), inviteReports.secondsLeft());
    inviteReports.spend(reporter, 1);
    countInvite(deps, site, (await formFields(c)).event);
    return c.body(null, 204);
  });

  // ---- the pages inside the iframe ----
  /** Widget pages may be framed by the site's own origins, and nobody else. */
  const framedBy = (c: Context<AppEnv>, site: Site) => c.set('frameAncestors', site.origins.join(' '));
  const identityOf = (site: Site, token: string | undefined): SignedVisitor | null => verifyIdentity(site.secret, token, deps.clock.now());

  const intakePage = (c: Context<AppEnv>, site: Site, extra: Record<string, unknown> = {}) => {
    const q = c.req.query();
    const user = q.user && q.user.length <= 4000 ? q.user : '';
    const visitorKey = validVisitorKey(q.vk) ?? '';
    // No cookie reaches the frame: the language comes in the address (widget.js passes it along).
    const lang = c.get('lang');
    const languageLinks = (['en', 'ru', 'da'] as Lang[]).map((l) => ({
      lang: l, name: t(l, 'language.name'), href: `/w/${site.key}?${new URLSearchParams({ ...(visitorKey && { vk: visitorKey }), ...(user && { user }), lang: l })}`,
    }));
    // The mode as of `cursor`: the page's stream switches it live from there (as on the intake page).
    const { cursor, mode } = consistentRead(deps, () => ({ cursor: latestEventId(deps.db), mode: intakeMode(deps) }));
    return render('widget/intake', {
      site, csrf: csrf.issue(), identity: identityOf(site, user), user, visitorKey, mode, cursor, lang, languageLinks, ...extra,
    });
  };

  app.get('/w/:key', (c) => {
    const site = siteByKey(deps, c.req.param('key'));
    framedBy(c, site);
    c.header('Cache-Control', 'no-store');
    return c.html(intakePage(c, site));
  });

  app.post('/w/:key/tickets', async (c) => {
    const site = siteByKey(deps, c.req.param('key'));
    framedBy(c, site);
    const form = await formFields(c);
    // No cookie reaches a cross-site frame: the visitor key comes from the host page's storage.
    const key = validVisitorKey(form.visitor_key) ?? randomToken();
    if (isBlocked(deps.db, key, knownAddress(clientAddress(c)))) {
      return c.html(render(isHtmx(c) ? 'intake/_blocked' : 'widget/blocked', { site, csrf: csrf.issue(), lang: c.get('lang') }), 403);
    }
    // A valid signed token decides the name and e-mail; the (locked) form fields are never trusted.
    const identity = identityOf(site, form.user);
    const input = identity ? { ...form, name: identity.name, email: identity.email } : form;
    try {
      const context = visitorContext({
        key, address: clientAddress(c), userAgent: c.req.header('User-Agent'), acceptLanguage: c.req.header('Accept-Language'), form,
      });
      const visitor = { ...context, language: ticketLanguageTag(context.language, c.get('lang')) };
      const fromSite = (tx: Db, ticketId: number) => {
        statement(connectionOf(tx), 'UPDATE tickets SET site_id = ?, visitor_verified = ? WHERE id = ?').run(site.id, identity ? 1 : 0, ticketId);
      };
      // Like the intake page: closed, or nobody available, means a message for the team.
      const { token } = intakeMode(deps).live ? openTicket(deps, input, visitor, { extra: fromSite }) : leaveMessage(deps, input, visitor, fromSite);
      return redirect(c, `/w/${site.key}/t/${token}`);
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      const data = { site, csrf: csrf.issue(), cursor: latestEventId(deps.db), mode: intakeMode(deps), identity, user: identity ? form.user : '', visitorKey: key, values: form, errors: error.fieldsIn(c.get('lang')), message: t(c.get('lang'), 'intake.fixFields'), lang: c.get('lang') };
      return c.html(render(isHtmx(c) ? 'widget/_form' : 'widget/intake', data), 400);
    }
  });

  app.get('/w/:key/t/:token', (c) => {
    const site = siteByKey(deps, c.req.param('key'));
    framedBy(c, site);
    c.header('Cache-Control', 'no-store');
    const ticket = widgetTicket(deps, site, c.req.param('token'));
    // A token the widget should no longer use (unknown, another site's, closed before today):
    // the panel starts over with the intake and the host page forgets it.
    if (!ticket) return c.html(intakePage(c, site, { forget: true }));
    const base = `/t/${encodeURIComponent(c.req.param('token'))}`;
    const page = consistentRead(deps, () => ({ ...visitorPageData(deps, ticket, base, csrf.issue(), ticketLanguage(deps.db, ticket.id)), cursor: latestEventId(deps.db) }));
    return c.html(render('widget/ticket', { ...page, site, token: c.req.param('token') }));
  });

  // The widget reports the host page the visitor is on now; the holder's details panel follows.
  // Each change is a write and a push to the desk, so a ticket gets a bounded number an hour.
  const pageReports = new HourlyAllowance(deps.clock, PAGE_REPORTS_PER_HOUR);
  app.post('/t/:token/page', async (c) => {
    const ticket = ticketByToken(deps, c.req.param('token'));
    const key = String(ticket.id);
    if (!pageReports.has(key)) throw new TooManyRequests(new Text('widget.tooManyPages'), pageReports.secondsLeft());
    const changed = reportPage(deps, ticket, (await formFields(c)).url);
    if (changed) pageReports.spend(key, 1);
    else c.set('nothingStored', true);
    return c.body(null, 204);
  });

  return app;
}

/** The example page with Lineup's address and a site key (or a placeholder) filled in; its links keep the key. */
export function examplePage(html: string, lineupUrl: string, siteKey: string | null): string {
  return html.replaceAll('{{LINEUP_URL}}', escapeHtml(lineupUrl)).replaceAll('{{SITE_KEY}}', escapeHtml(siteKey ?? 'YOUR-SITE-KEY'))
    .replaceAll('{{QUERY}}', siteKey ? `?site=${escapeHtml(siteKey)}` : '');
}

