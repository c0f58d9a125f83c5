import type { MiddlewareHandler } from 'hono';
import type { Deps } from '../lib/deps.ts';
import { Forbidden } from '../lib/errors.ts';
import { t, Text } from '../i18n/index.ts';
import { isHtmx, readCookie, type AppEnv } from '../lib/web.ts';
import { supporterForSession } from './sessions.ts';
import type { Role } from './schema.ts';

export const SESSION_COOKIE = 'lineup_session';

/** Lets signed-in supporters through (optionally only some roles); sends everyone else to /login. */
export function requireSupporter(deps: Deps, roles?: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // Several route groups guard /desk/*; the session is looked up once per request.
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
