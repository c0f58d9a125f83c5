import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { AppEnv } from './env.ts';

/** The client's address, as `addressOf` found it for this request. */
export function clientAddress(c: Context): string {
  return (c as Context<AppEnv>).get('address') ?? addressOf(c, 0);
}

/**
 * The client's address: the peer, or behind `trustedProxies` reverse proxies the address the
 * outermost of them saw, which is that many entries from the right of X-Forwarded-For (entries
 * further left were written by the client and prove nothing).
 */
export function addressOf(c: Context, trustedProxies: number): string {
  if (trustedProxies > 0) {
    const hops = (c.req.header('X-Forwarded-For') ?? '').split(',').map((a) => a.trim()).filter(Boolean);
    const address = hops[Math.max(0, hops.length - trustedProxies)];
    if (address && address.length <= 64 && /^[0-9A-Fa-f.:]+$/.test(address)) return address;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
