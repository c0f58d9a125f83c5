import type { Context, Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Config } from '../config.ts';
import { t, type Key, type Lang } from '../i18n/index.ts';
import { DomainError, TooManyRequests } from '../lib/errors.ts';
import { render } from '../lib/render.ts';
import type { AppEnv } from './env.ts';
import { isHtmx } from './htmx.ts';
import { requestLanguage } from './language.ts';
import { log, redactedPath } from '../lib/log.ts';

/**
 * Answers what no route answers, and every error: a domain's refusal with its status and message,
 * Hono's own (a malformed request) with its status, and anything unexpected with a plain 500 whose
 * details go to the server log only, never a stack trace in a browser. Said in the reader's
 * language, as a page, or as a notice for htmx.
 */
export function answerErrors(app: Hono<AppEnv>, config: Config): void {
  const lang = (c: Context<AppEnv>): Lang => c.get('lang') ?? requestLanguage(c, config);
  app.notFound((c) => errorPage(c, 404, t(lang(c), 'error.notFound'), t(lang(c), 'error.nothingHere'), lang(c)));
  app.onError((error, c) => {
    const say = (key: Key) => t(lang(c), key);
    if (error instanceof DomainError) {
      if (error instanceof TooManyRequests) c.header('Retry-After', String(error.retryAfterSeconds));
      return errorPage(c, error.status, say(error.status === 404 ? 'error.notFound' : 'error.failed'), error.say(lang(c)), lang(c));
    }
    if (error instanceof HTTPException) return errorPage(c, error.status, say('error.failed'), error.message || say('error.notUnderstood'), lang(c));
    // The path without its secrets (a ticket's token is its whole key); never the body or query.
    log.error({ err: error, req: { id: c.get('requestId'), method: c.req.method, path: redactedPath(c.req.path) } }, 'unexpected error');
    return errorPage(c, 500, say('error.wrong'), say('error.wrongText'), lang(c));
  });
}

function errorPage(c: Context<AppEnv>, status: number, heading: string, message: string, lang: Lang) {
  const html = isHtmx(c) ? render('errors/_notice', { message, lang }) : render('errors/page', { heading, message, lang, brand: c.get('brand') });
  return c.html(html, status as 400);
}
