import { randomBytes } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { log as lineupLog, redactedPath } from '../lib/log.ts';
import type { AppEnv } from './env.ts';

declare module './env.ts' {
  interface RequestVariables {
    /** This request's id, in its log line and its X-Request-Id answer header. */
    requestId: string;
  }
}

/**
 * One log line per request: method, path with its secrets taken out, status, milliseconds and a
 * request id (the proxy's X-Request-Id when it is a plain one, else a new one), which the answer
 * carries too. A stream's line is written when it opens. Nothing else of the request is logged:
 * no query, no header, no body, no cookie.
 */
export function requestLog(log = lineupLog): MiddlewareHandler<AppEnv> {
  // An id only has to tell requests apart, not be unguessable: a random prefix per process and a
  // counter (a fresh random id per request cost about 2% of the server's time under load).
  const prefix = randomBytes(4).toString('hex');
  let counter = 0;
  const newId = () => prefix + ((counter = (counter + 1) >>> 0).toString(16).padStart(8, '0'));
  return async (c, next) => {
    const started = performance.now();
    const given = c.req.header('X-Request-Id');
    const id = given && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : newId();
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
    if (!log.isLevelEnabled('info')) return;
    log.info({ req: { id, method: c.req.method, path: redactedPath(c.req.path) }, status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10 }, 'request');
  };
}
