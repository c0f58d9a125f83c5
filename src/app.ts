import fs from 'node:fs';
import path from 'node:path';
import { Hono } from 'hono';
import { cannedRoutes } from './canned/routes.ts';
import { handoverRoutes } from './handover/routes.ts';
import { offerRoutes } from './offers/routes.ts';
import { shiftRoutes } from './schedules/routes.ts';
import { complaintRoutes } from './complaints/routes.ts';
import { supervisionRoutes } from './supervision/routes.ts';
import { reportRoutes } from './reports/routes.ts';
import { archiveRoutes } from './archive/routes.ts';
import { forecastRoutes } from './forecast/routes.ts';
import { retentionRoutes } from './retention/routes.ts';
import { faqRoutes } from './faq/routes.ts';
import { faqPublicRoutes } from './faq/public-routes.ts';
import { DashboardBoard } from './supervision/board.ts';
import { mailRoutes } from './mail/routes.ts';
import { hoursRoutes } from './hours/routes.ts';
import { deskRoutes, heardFromDesk } from './desk/routes.ts';
import { fileRoutes } from './files/routes.ts';
import { megabytes, UPLOAD_BODY_BYTES, FILE_MAX_BYTES } from './files/limits.ts';
import { intakeRoutes } from './intake/routes.ts';
import type { Deps } from './lib/deps.ts';
import { ROOT } from './lib/paths.ts';
import { bodySizeLimit } from './http/body-limit.ts';
import { declaredFor } from './http/declared.ts';
import { addressOf } from './http/address.ts';
import { csrfProtection } from './http/csrf.ts';
import { answerErrors } from './http/error-pages.ts';
import { MAX_BODY_BYTES } from './http/forms.ts';
import { securityHeaders } from './http/security-headers.ts';
import type { AppEnv } from './http/env.ts';
import { mount } from './http/table.ts';
import { Presence } from './presence/presence.ts';
import { StaffingBoard } from './visitor/staffing.ts';
import { presenceRoutes } from './presence/routes.ts';
import { supporterGuards } from './supporters/guards.ts';
import { supporterRoutes } from './supporters/routes.ts';
import { accountRoutes } from './supporters/account-routes.ts';
import { linkRoutes } from './supporters/link-routes.ts';
import { brandForPages, brandingRoutes } from './branding/routes.ts';
import { signInRoutes } from './supporters/sign-in-routes.ts';
import { transcriptRoutes } from './transcripts/routes.ts';
import { Searcher } from './transcripts/searcher.ts';
import { visitorRoutes } from './visitor/routes.ts';
import { PlaceBoard } from './visitor/places.ts';
import { PublicLimits } from './visitor/limits.ts';
import { guessingGuard } from './http/guessing.ts';
import { refusalBrake } from './http/refusal-brake.ts';
import { Typing } from './chat/typing.ts';
import { Whispers } from './realtime/whispers.ts';
import { EventStreams } from './realtime/stream.ts';
import { widgetCsrf } from './widget/csrf.ts';
import { widgetRoutes } from './widget/routes.ts';
import { languageRoutes } from './language/routes.ts';
import { requestLanguage } from './http/language.ts';
import { t } from './i18n/index.ts';
import { Health } from './lib/health.ts';
import { lineupMetrics, type MetricSources } from './ops/metrics.ts';
import { groupRoutes } from './groups/routes.ts';
import { breakRoutes } from './presence/break-routes.ts';
import { spokenRoutes } from './language/spoken-routes.ts';
import { opsRoutes } from './ops/routes.ts';
import { sql } from './lib/sql.ts';
import { outboxProblem } from './mail/outbox.ts';
import { requestLog } from './http/request-log.ts';
import { logNotableEvents } from './ops/event-log.ts';
import { auditRoutes } from './audit/routes.ts';

// The only files served statically: a fixed list, made once at start, so no path from a URL ever
// reaches the disk. The page scripts are ES modules, one per behaviour: every one in public/js.
const STATIC_FILES: Record<string, [string, string]> = {
  '/static/css/lineup.css': ['public/css/lineup.css', 'text/css; charset=utf-8'],
  ...Object.fromEntries(fs.readdirSync(path.join(ROOT, 'public/js')).filter((name) => /^[a-z][a-z-]*\.js$/.test(name))
    .map((name) => [`/static/js/${name}`, [`public/js/${name}`, 'text/javascript; charset=utf-8']])),
  '/static/css/files.css': ['public/css/files.css', 'text/css; charset=utf-8'],
  '/static/css/languages.css': ['public/css/languages.css', 'text/css; charset=utf-8'],
  '/static/vendor/htmx.min.js': ['node_modules/htmx.org/dist/htmx.min.js', 'text/javascript; charset=utf-8'],
  '/static/vendor/hx-sse.min.js': ['node_modules/htmx.org/dist/ext/hx-sse.min.js', 'text/javascript; charset=utf-8'],
  '/favicon.svg': ['public/favicon.svg', 'image/svg+xml'],
  // Visitors' pages: a speech bubble, not Lineup's "L" (their tab names the team, not the product).
  '/support.svg': ['public/support.svg', 'image/svg+xml'],
};

// Reads the database file itself (its first page), not only the connection.
const readsBack = sql<{ ok: number }>('SELECT 1 AS ok FROM sqlite_schema LIMIT 1');

/**
 * Composes Lineup: middleware first, then each domain's routes, read top to bottom.
 *
 * @example
 * const { app } = createApp(deps); const res = await app.request('/');
 */
export function createApp(deps: Deps) {
  const app = new Hono<AppEnv>();
  const whispers = new Whispers();
  const presence = new Presence(deps, whispers);
  const searcher = new Searcher(deps.config.databasePath);
  const places = new PlaceBoard(deps);
  const staffing = new StaffingBoard(deps);
  const streams = new EventStreams(deps);
  const dashboards = new DashboardBoard(deps);
  // Figures for Prometheus, collected only when a token lets someone read them.
  const metricSources: MetricSources = { streams };
  const metrics = deps.config.metricsToken ? lineupMetrics(deps, metricSources) : null;
  logNotableEvents(deps);
  const health = new Health();
  health.watch('database', () => (readsBack.get(deps.db)?.ok === 1 ? null : 'did not answer a read'));
  health.watch('search thread', () => searcher.problem());
  health.watch('mail outbox', () => outboxProblem(deps));
  // The live services open pages are handed to: made here, once per app, above the domains they join.
  const live = { presence, places, staffing, whispers, typing: new Typing(deps, whispers), streams, limits: new PublicLimits(deps.clock, deps.config.limits) };

  app.use(requestLog());
  app.use(securityHeaders);
  app.use((c, next) => {
    c.set('lang', requestLanguage(c, deps.config));
    c.set('address', addressOf(c, deps.config.trustedProxies));
    return next();
  });
  const formLimit = bodySizeLimit(MAX_BODY_BYTES,
    (c) => c.text(t(c.get('lang'), 'error.bodyTooLarge', { size: MAX_BODY_BYTES / 1024 }), 413));
  // Only routes that declare an upload (takesUpload, declared.ts) take a file; every other request keeps the small limit.
  const uploadLimit = bodySizeLimit(UPLOAD_BODY_BYTES,
    (c) => c.text(t(c.get('lang'), 'files.bodyTooLarge', { size: megabytes(FILE_MAX_BYTES) }), 413));
  app.use((c, next) => (c.req.method === 'POST' && declaredFor(c).upload ? uploadLimit : formLimit)(c, next));
  app.use(csrfProtection(deps.config, widgetCsrf(deps).verify));
  // An address that keeps asking for tickets or files that do not exist is slowed, then refused;
  // one that keeps being refused gets its refusals slowly (a flood must not fill the event loop).
  app.use(refusalBrake(deps.clock));
  app.use(guessingGuard(deps.clock, deps.config.limits.unknownPerAddress));
  // A change is answered only once it is on disk (see WalSync): the disk wait is off the event loop.
  app.use(async (c, next) => {
    await next();
    if (c.req.method === 'POST' && c.res.status < 400 && !c.get('nothingStored')) await deps.walSync.sync();
  });

  // Areas that are a signed-in supporter's as a whole: a stranger is asked to sign in even on a
  // path there that leads nowhere. (Each route still names its own guard in its table.)
  const { supporter } = supporterGuards(deps);
  app.use('/desk/*', supporter, heardFromDesk(presence));
  app.use('/staff/*', supporter);
  app.use('/search', supporter);
  app.use('/transcripts/*', supporter);

  for (const [url, [file, type]] of Object.entries(STATIC_FILES)) {
    const body = fs.readFileSync(path.join(ROOT, file));
    app.get(url, (c) => c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=300' }));
  }
  // For a load balancer or a monitor: 200 "ok", or 503 naming each part that is not well.
  app.get('/healthz', (c) => {
    const problems = health.problems();
    c.header('Cache-Control', 'no-store');
    return problems.length ? c.text(problems.join('\n'), 503) : c.text('ok');
  });

  // Pages show the team's look (after /healthz, which must answer even when the database does not).
  app.use(brandForPages(deps));
  // Every folder's route table, each group under its prefix (/, /t/:token, /desk, /admin, /w/:key, ...).
  mount(app, [
    ...intakeRoutes(deps, live),
    ...visitorRoutes(deps, live),
    ...supporterRoutes(deps, live),
    ...accountRoutes(deps),
    linkRoutes(deps),
    ...brandingRoutes(deps),
    signInRoutes(deps),
    ...deskRoutes(deps, live),
    ...presenceRoutes(deps, live),
    ...fileRoutes(deps, live),
    ...transcriptRoutes(deps, searcher),
    ...cannedRoutes(deps),
    ...handoverRoutes(deps),
    ...offerRoutes(deps),
    ...shiftRoutes(deps),
    ...complaintRoutes(deps),
    ...supervisionRoutes(deps, { streams, dashboards }),
    ...reportRoutes(deps),
    ...archiveRoutes(deps),
    ...forecastRoutes(deps),
    ...retentionRoutes(deps),
    ...faqRoutes(deps),
    ...faqPublicRoutes(deps),
    ...widgetRoutes(deps, live),
    ...hoursRoutes(deps),
    ...groupRoutes(deps),
    ...breakRoutes(deps),
    ...spokenRoutes(deps),
    ...mailRoutes(deps),
    ...languageRoutes(deps),
    ...opsRoutes(deps, metrics),
    ...auditRoutes(deps),
  ]);
  answerErrors(app, deps.config);

  const close = async () => {
    streams.closeAll();
    presence.stop();
    places.stop();
    dashboards.stop();
    staffing.stop();
    await searcher.close();
  };
  return { app, presence, places, staffing, whispers, streams, dashboards, health, metricSources, close };
}
