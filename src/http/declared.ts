import type { Context, MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';

/**
 * What a route says about the requests it takes, for the middleware that must act before the
 * route's own does: the body limit (before anything is read) and the CSRF check (before any guard
 * looks anything up). A route declares by having a declaring middleware among its guards, so the
 * declaration sits on the route's line in its table; nothing recognises routes by their URL.
 */
export interface Declaration {
  /**
   * Besides the cookie's secret, the widget's signed CSRF token (src/widget/csrf.ts), sent from
   * Lineup's own pages ('lineup': the widget's frame), or from the host page too ('host': the
   * route checks the site's origins itself).
   */
  signedToken?: 'lineup' | 'host';
  /** The request carries a file: the upload limit applies, and the CSRF token comes in the header. */
  upload?: true;
}

const declarations = new WeakMap<object, Declaration>();

/**
 * Marks `middleware` as declaring `declaration` for every route it guards, and returns it.
 *
 * @example
 * const visitor = declaring({ signedToken: 'lineup' }, (c, next) => { ...; return next(); });
 */
export function declaring<M extends MiddlewareHandler<any>>(declaration: Declaration, middleware: M): M {
  declarations.set(middleware, declaration);
  return middleware;
}

/** What the routes this request matched declared. Read only where needed: it walks the matched handlers. */
export function declaredFor(c: Context): Declaration {
  let found: Declaration = {};
  for (const { handler } of matchedRoutes(c)) {
    const declaration = declarations.get(handler);
    if (declaration) found = { ...found, ...declaration };
  }
  return found;
}

/** Declares that a route takes a file upload: the larger body limit, and the CSRF token in the header only. */
export const takesUpload: MiddlewareHandler = declaring({ upload: true }, (_c, next) => next());
