import fs from 'node:fs';
import path from 'node:path';
import { clientAddress } from '../http/address.ts';
import { declaring } from '../http/declared.ts';
import type { AppContext } from '../http/env.ts';
import { formFields } from '../http/forms.ts';
import { noStore } from '../http/responses.ts';
import { anyone, table, type Guard } from '../http/table.ts';
import { Text } from '../i18n/index.ts';
import { widgetTexts } from '../i18n/widget.ts';
import { HourlyAllowance } from '../lib/allowance.ts';
import type { Deps } from '../lib/deps.ts';
import { Forbidden, TooManyRequests } from '../lib/errors.ts';
import { ROOT } from '../lib/paths.ts';
import { escapeHtml } from '../lib/render.ts';
import { ticketGuards } from '../line/guards.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { widgetCsrf } from './csrf.ts';
import { frameHandlers } from './frame-routes.ts';
import { countInvite, INVITE_REPORTS_PER_HOUR } from './invites.ts';
import { PAGE_REPORTS_PER_HOUR, reportPage } from './pages.ts';
import { siteHandlers } from './site-routes.ts';
import { allowsOrigin, siteByKey, type Site } from './sites.ts';
import type { PublicLimits } from '../visitor/limits.ts';

declare module '../http/env.ts' {
  interface RequestVariables {
    /** The site a widget route is addressed by (`:key`), found by one of the guards below. */
    site: Site;
  }
}

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/**
 * The embeddable widget: the admin's sites, the script a site embeds, the pages inside its
 * iframe (framable only by that site's origins) and the small endpoints the script calls.
 */
export function widgetRoutes(deps: Deps, { limits }: { limits: PublicLimits }) {
  const { admin } = supporterGuards(deps);
  const { visitor } = ticketGuards(deps);
  const { widgetFrame, hostPage } = siteGuards(deps);
  const csrf = widgetCsrf(deps);
  const sites = siteHandlers(deps);
  const frame = frameHandlers(deps, csrf, limits);
  // Per site and address: the counts are anonymous figures, kept from being inflated by one page.
  const inviteReports = new HourlyAllowance(deps.clock, INVITE_REPORTS_PER_HOUR);
  // Each page change is a write and a push to the desk, so a ticket gets a bounded number an hour.
  const pageReports = new HourlyAllowance(deps.clock, PAGE_REPORTS_PER_HOUR);
  const widgetJs = read('public/widget.js');
  const example = { host: read('public/example/host.html'), other: read('public/example/other.html'), css: read('public/example/example.css') };

  return [
    table('/admin', [
      ['GET',  '/sites',            admin, noStore, sites.showSites],
      ['POST', '/sites',            admin, sites.addSite],
      ['GET',  '/sites/:id',        admin, noStore, sites.showSite],
      ['POST', '/sites/:id',        admin, sites.saveSite],
      ['POST', '/sites/:id/secret', admin, sites.newSecret],
    ]),
    table('/', [
      // The script a site embeds (any origin may load it), and the example host pages a newcomer
      // sees at /example/host.html (?site=KEY fills in a real key).
      ['GET', '/widget.js',           anyone, script],
      ['GET', '/example/host.html',   anyone, (c) => exampleHtml(c, example.host)],
      ['GET', '/example/other.html',  anyone, (c) => exampleHtml(c, example.other)],
      ['GET', '/example/example.css', anyone, exampleCss],
    ]),
    table('/w/:key', [
      // What the script asks before it shows anything, and what it reports from the host page.
      ['GET',  '/config',   hostPage,    noStore, config],
      ['POST', '/invites',  hostPage,    countInvitation],
      // The pages inside the iframe.
      ['GET',  '/',         widgetFrame, noStore, frame.showIntake],
      ['POST', '/tickets',  widgetFrame, frame.joinLine],
      ['GET',  '/t/:token', widgetFrame, noStore, frame.showTicket],
    ]),
    table('/t/:token', [
      // The host page the visitor is on now; the holder's details panel follows.
      ['POST', '/page', visitor, reportHostPage],
    ]),
  ];

  function script(c: AppContext) {
    return c.body(widgetJs, 200, {
      'Content-Type': 'text/javascript; charset=utf-8', 'Access-Control-Allow-Origin': '*', 'Cache-Control': 'public, max-age=300',
    });
  }

  function exampleHtml(c: AppContext, file: string) {
    const key = /^[A-Za-z0-9_-]{16}$/.test(c.req.query('site') ?? '') ? c.req.query('site')! : null;
    return c.html(examplePage(file, deps.config.publicUrl, key));
  }

  function exampleCss(c: AppContext) {
    return c.body(example.css, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=300' });
  }

  function config(c: AppContext) {
    const site = c.get('site');
    const invite = site.inviteAfterSeconds ? { afterSeconds: site.inviteAfterSeconds, pattern: site.invitePattern, greeting: site.inviteGreeting } : null;
    const accent = site.widgetAccent || c.get('brand').accent || null;
    return c.json({ name: site.widgetName || site.name, accent, invite, csrf: csrf.issue(), lang: c.get('lang'), texts: widgetTexts(c.get('lang')) });
  }

  async function countInvitation(c: AppContext) {
    const site = c.get('site');
    const reporter = `${site.id}:${clientAddress(c)}`;
    if (!inviteReports.has(reporter)) throw new TooManyRequests(new Text('admin.widget.tooManyReports'), inviteReports.secondsLeft());
    inviteReports.spend(reporter, 1);
    countInvite(deps, site, (await formFields(c)).event);
    return c.body(null, 204);
  }

  async function reportHostPage(c: AppContext) {
    const ticket = c.get('ticket');
    const key = String(ticket.id);
    if (!pageReports.has(key)) throw new TooManyRequests(new Text('widget.tooManyPages'), pageReports.secondsLeft());
    const changed = reportPage(deps, ticket, (await formFields(c)).url);
    if (changed) pageReports.spend(key, 1);
    else c.set('nothingStored', true);
    return c.body(null, 204);
  }
}

/**
 * The guards of routes addressed by a site key (`:key`), which set `c.get('site')`:
 *
 * - `widgetFrame`: a page inside the widget's iframe, framable by the site's own origins and
 *   nobody else. No cookie reaches the frame, so its forms carry the widget's signed CSRF token,
 *   accepted from Lineup's own pages (the frame's).
 * - `hostPage`: the widget's script on the host page: CORS for the site's own origins only, any
 *   other origin is refused. Its one change (counting invitations) carries the signed token from
 *   the host page itself, whose origin this guard has just checked.
 */
function siteGuards(deps: Deps): { widgetFrame: Guard; hostPage: Guard } {
  return {
    widgetFrame: declaring({ signedToken: 'lineup' }, (c, next) => {
      const site = siteByKey(deps.db, c.req.param('key'));
      c.set('site', site);
      c.set('frameAncestors', site.origins.join(' '));
      // The site's own look, where it has one, over the team's.
      const brand = c.get('brand');
      c.set('brand', { ...brand, teamName: site.widgetName || brand.teamName, accent: site.widgetAccent || brand.accent });
      return next();
    }),
    hostPage: declaring({ signedToken: 'host' }, (c, next) => {
      const site = siteByKey(deps.db, c.req.param('key'));
      const origin = c.req.header('Origin');
      c.header('Vary', 'Origin');
      if (!allowsOrigin(site, origin)) throw new Forbidden(new Text('admin.widget.originRefused'));
      c.header('Access-Control-Allow-Origin', origin!);
      c.set('site', site);
      return next();
    }),
  };
}

/** The example page with Lineup's address and a site key (or a placeholder) filled in; its links keep the key. */
export function examplePage(html: string, lineupUrl: string, siteKey: string | null): string {
  return html.replaceAll('{{LINEUP_URL}}', escapeHtml(lineupUrl)).replaceAll('{{SITE_KEY}}', escapeHtml(siteKey ?? 'YOUR-SITE-KEY'))
    .replaceAll('{{QUERY}}', siteKey ? `?site=${escapeHtml(siteKey)}` : '');
}
