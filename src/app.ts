import fs from 'node:fs';
import path from 'node:path';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { cannedRoutes } from './canned/routes.ts';
import { handoverRoutes } from './handover/routes.ts';
import { mailRoutes } from './mail/routes.ts';
import { hoursRoutes } from './hours/routes.ts';
import { deskRoutes } from './desk/routes.ts';
import { fileRoutes } from './files/routes.ts';
import { isUploadRequest, megabytes, UPLOAD_BODY_BYTES, FILE_MAX_BYTES } from './files/limits.ts';
import { intakeRoutes } from './intake/routes.ts';
import type { Deps } from './lib/deps.ts';
import { DomainError, TooManyRequests } from './lib/errors.ts';
import { ROOT } from './lib/paths.ts';
import { bodySizeLimit } from './lib/body-limit.ts';
import { render } from './lib/render.ts';
import { addressOf, csrfProtection, isHtmx, MAX_BODY_BYTES, securityHeaders, type AppEnv } from './lib/web.ts';
import { Presence } from './presence/presence.ts';
import { supporterRoutes } from './supporters/routes.ts';
import { transcriptRoutes } from './transcripts/routes.ts';
import { Searcher } from './transcripts/searcher.ts';
import { visitorRoutes } from './visitor/routes.ts';
import { visitorDetailsRoutes } from './visitor/details-routes.ts';
import { blockRoutes } from './visitor/block-routes.ts';
import { PlaceBoard } from './visitor/places.ts';
import { Typing } from './chat/typing.ts';
import type { Live } from './realtime/live.ts';
import { Whispers } from './realtime/whispers.ts';
import { EventStreams } from './realtime/stream.ts';
import { widgetCsrf } from './widget/csrf.ts';
import { widgetRoutes } from './widget/routes.ts';
import { languageRoutes } from './i18n/routes.ts';
import { requestLanguage } from './i18n/request.ts';
import { t, type Key, type Lang } from './i18n/index.ts';

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
};

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
  const streams = new EventStreams(deps);
  const live: Live = { presence, places, whispers, typing: new Typing(deps, whispers), streams };

  app.use(securityHeaders);
  app.use((c, next) => {
    c.set('lang', requestLanguage(c, deps.config));
    c.set('address', addressOf(c, deps.config.trustedProxies));
    return next();
  });
  const formLimit = bodySizeLimit(MAX_BODY_BYTES,
    (c) => c.text(t(c.get('lang'), 'error.bodyTooLarge', { size: MAX_BODY_BYTES / 1024 }), 413));
  // Only the two upload routes take a file; every other request keeps the small limit.
  const uploadLimit = bodySizeLimit(UPLOAD_BODY_BYTES,
    (c) => c.text(t(c.get('lang'), 'files.bodyTooLarge', { size: megabytes(FILE_MAX_BYTES) }), 413));
  app.use((c, next) => (isUploadRequest(c.req.method, c.req.path) ? uploadLimit : formLimit)(c, next));
  app.use(csrfProtection(deps.config, widgetCsrf(deps).verify));
  // A change is answered only once it is on disk (see WalSync): the disk wait is off the event loop.
  app.use(async (c, next) => {
    await next();
    if (c.req.method === 'POST' && c.res.status < 400 && !c.get('nothingStored')) await deps.walSync.sync();
  });

  for (const [url, [file, type]] of Object.entries(STATIC_FILES)) {
    const body = fs.readFileSync(path.join(ROOT, file));
    app.get(url, (c) => c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=300' }));
  }
  app.get('/healthz', (c) => c.text('ok'));

  app.route('/', intakeRoutes(deps, live));
  app.route('/', visitorRoutes(deps, live));
  app.route('/', supporterRoutes(deps));
  app.route('/', deskRoutes(deps, live));
  app.route('/', fileRoutes(deps));
  app.route('/', transcriptRoutes(deps, searcher));
  app.route('/', visitorDetailsRoutes(deps));
  app.route('/', blockRoutes(deps));
  app.route('/', cannedRoutes(deps));
  app.route('/', handoverRoutes(deps));
  app.route('/', widgetRoutes(deps));
  app.route('/', hoursRoutes(deps));
  app.route('/', mailRoutes(deps));
  app.route('/', languageRoutes(deps));

  // Errors are said in the reader's language, on visitor pages and staff pages alike.
  const lang = (c: Context<AppEnv>): Lang => c.get('lang') ?? requestLanguage(c, deps.config);
  app.notFound((c) => page(c, 404, t(lang(c), 'error.notFound'), t(lang(c), 'error.nothingHere'), lang(c)));
  app.onError((error, c) => {
    const say = (key: Key) => t(lang(c), key);
    if (error instanceof DomainError) {
      if (error instanceof TooManyRequests) c.header('Retry-After', String(error.retryAfterSeconds));
      return page(c, error.status, say(error.status === 404 ? 'error.notFound' : 'error.failed'), error.say(lang(c)), lang(c));
    }
    if (error instanceof HTTPException) return page(c, error.status, say('error.failed'), error.message || say('error.notUnderstood'), lang(c));
    // Never a stack trace in a browser: the details go to the server log only.
    console.error('lineup: unexpected error', c.req.method, c.req.path, error);
    return page(c, 500, say('error.wrong'), say('error.wrongText'), lang(c));
  });

  const close = async () => {
    streams.closeAll();
    presence.stop();
    places.stop();
    await searcher.close();
  };
  return { app, presence, places, whispers, streams, close };
}

function page(c: Context<AppEnv>, status: number, heading: string, message: string, lang: Lang) {
  const html = isHtmx(c) ? render('errors/_notice', { message, lang }) : render('errors/page', { heading, message, lang });
  return c.html(html, status as 400);
}
