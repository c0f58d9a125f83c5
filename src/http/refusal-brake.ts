import type { MiddlewareHandler } from 'hono';
import type { Clock } from '../lib/clock.ts';
import { WindowLimit } from '../lib/rate-limit.ts';
import type { AppEnv } from './env.ts';

/** Refusals an address gets at once per minute; later ones wait BRAKE_MS each. */
export const FREE_REFUSALS = 20;
export const BRAKE_MS = 1000;

/**
 * Makes a flood cheap. A refused request (429) costs little, but an address that keeps asking as
 * fast as its connections allow would still fill the event loop with refusals and slow everyone
 * else. Past FREE_REFUSALS in a minute, each further refusal to that address is answered only
 * after BRAKE_MS: a timer, not work, so a flooding address makes about one request a second per
 * connection it holds. Only refusals wait: the same address's other requests (a colleague behind
 * the same office address reading their ticket) are answered as ever.
 */
export function refusalBrake(clock: Clock, wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))): MiddlewareHandler<AppEnv> {
  const refusals = new WindowLimit(clock, { count: Number.MAX_SAFE_INTEGER, windowMs: 60_000 });
  return async (c, next) => {
    await next();
    if (c.res.status !== 429) return;
    const address = c.get('address');
    refusals.take(address);
    if (refusals.used(address) > FREE_REFUSALS) await wait(BRAKE_MS);
  };
}
