import { Hono, type Handler, type MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

export type Method = 'GET' | 'POST';

/**
 * Middleware on a route's line: who may call it (and who it then is, `c.get('supporter')`), what
 * it is about (`c.get('ticket')`), or what it declares (declared.ts).
 */
export type Guard = MiddlewareHandler<AppEnv>;

/**
 * One line of a route table: method, path (under the table's prefix), the guards in the order
 * they run, and the handler.
 */
export type Route = readonly [Method, string, ...Guard[], Handler<AppEnv>];

/** A table's routes, to be mounted under its prefix. */
export interface RouteGroup {
  prefix: string;
  routes: Hono<AppEnv>;
}

/** The guard of a route anyone may call (public pages, and routes that check for themselves). */
export const anyone: Guard = (_c, next) => next();

/**
 * A route table: the routes under one prefix, each on one line, method, path, guards, handler.
 * `anyone` is left out of the chain: it only says so.
 *
 * @example
 * table('/desk', [
 *   ['GET',  '/',                  supporter,         showDesk],
 *   ['POST', '/tickets/:id/claim', supporter, ticket, claim],
 * ])
 */
export function table(prefix: string, routes: readonly Route[]): RouteGroup {
  const group = new Hono<AppEnv>();
  for (const [method, path, ...handlers] of routes) {
    const chain = handlers.filter((handler) => handler !== anyone) as [Handler<AppEnv>, ...Handler<AppEnv>[]];
    group.on(method, path, ...chain);
  }
  return { prefix, routes: group };
}

/** Mounts every group under its prefix, in the order given. */
export function mount(app: Hono<AppEnv>, groups: readonly RouteGroup[]): void {
  for (const { prefix, routes } of groups) app.route(prefix, routes);
}
