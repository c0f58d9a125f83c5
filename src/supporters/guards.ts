import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../lib/deps.ts';
import { Forbidden } from '../lib/errors.ts';
import { t, Text } from '../i18n/index.ts';
import { isHtmx } from '../http/htmx.ts';
import { readCookie } from '../http/cookies.ts';
import type { AppEnv } from '../http/env.ts';
import { supporterForSession, type SessionSupporter } from './sessions.ts';
import type { Role } from './schema.ts';

export const SESSION_COOKIE = 'lineup_session';

declare module '../http/env.ts' {
  /** `c.get('supporter')`, once one of the guards below has let the request through. */
  interface SignedIn extends SessionSupporter {}
}

/** Lets signed-in supporters through (optionally only some roles); sends everyone else to /login. */
function requireSupporter(deps: Deps, roles?: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Several guards may run for one request (an area's and a route's); the session is looked up once.
    const known = c.get('supporter');
    if (known) {
      if (roles && !roles.includes(known.role)) throw new Forbidden(new Text('admin.auth.adminOnly'));
      return next();
    }
    const supporter = supporterForSession(deps, readCookie(c, deps.config, SESSION_COOKIE));
    if (!supporter) {
      if (c.req.method === 'GET' && !isHtmx(c) && c.req.header('Accept')?.includes('text/html')) return c.redirect('/login', 303);
      if (isHtmx(c)) { c.header('HX-Redirect', '/login'); }
      return c.text(t(c.get('lang'), 'admin.auth.signIn'), 401);
    }
    if (roles && !roles.includes(supporter.role)) throw new Forbidden(new Text('admin.auth.adminOnly'));
    c.set('supporter', supporter);
    await next();
  };
}

/**
 * The guards a route table puts on a line, by who may call the route: any signed-in
 * `supporter`, a `supervisor` (or an admin: an admin may do whatever a supervisor may), or an
 * `admin` only.
 *
 * @example
 * const { supporter, admin } = supporterGuards(deps);
 */
export function supporterGuards(deps: Deps) {
  return {
    supporter: requireSupporter(deps),
    supervisor: requireSupporter(deps, ['admin', 'supervisor']),
    admin: requireSupporter(deps, ['admin']),
  };
}
