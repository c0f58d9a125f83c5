import type { MiddlewareHandler } from 'hono';
import { Text } from '../i18n/index.ts';
import type { Clock } from '../lib/clock.ts';
import { TooManyRequests } from '../lib/errors.ts';
import { WindowLimit, type Rate } from '../lib/rate-limit.ts';
import type { AppEnv } from './env.ts';

/** The public paths addressed by a secret (a ticket's token, a password link) or a number under one (a file): a 404 there is a wrong guess or a stale link. */
const GUESSABLE = /^\/(?:t|w|set-password)\//;
/** How long each answer waits once an address has used half its misses. */
export const SLOWED_MS = 1000;

/**
 * Slows, then refuses, an address that keeps asking for tokens or files that do not exist.
 * Tokens are far too long to guess, but nobody should be able to try 10,000 in a minute either.
 * Only the misses are slowed and refused: a visitor behind the same address who opens a real
 * ticket is answered as ever, since that request finds its ticket and never counts.
 */
export function guessingGuard(clock: Clock, rate: Rate, wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))): MiddlewareHandler<AppEnv> {
  const misses = new WindowLimit(clock, rate);
  return async (c, next) => {
    await next();
    if (c.res.status !== 404 || !GUESSABLE.test(c.req.path)) return;
    const address = c.get('address');
    const refusedFor = misses.take(address);
    if (refusedFor) throw new TooManyRequests(new Text('limits.unknown'), refusedFor);
    if (misses.used(address) > rate.count / 2) await wait(SLOWED_MS);
  };
}
