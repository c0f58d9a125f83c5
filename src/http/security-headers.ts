import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

/** Sensible browser protections for every response. */
export const securityHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.headers.has('x-hono-already-sent')) return; // a stream written straight to the socket
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'same-origin');
  // No page may be framed, except widget pages, which name their site's own origins (already
  // checked to be exact http(s) origins) in `frameAncestors`.
  const ancestors = c.get('frameAncestors');
  if (!ancestors) c.header('X-Frame-Options', 'DENY');
  // A response with a policy of its own (a served file: nothing allowed at all) keeps it.
  if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy',
    `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors ${ancestors || "'none'"}; base-uri 'none'; form-action 'self'`);
};
