import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { addressOf, clientAddress } from './address.ts';
import type { AppEnv } from './env.ts';

const appTrusting = (trustedProxies: number) => new Hono().get('/', (c) => c.text(addressOf(c, trustedProxies)));
const seenBy = async (trustedProxies: number, forwardedFor?: string) =>
  (await appTrusting(trustedProxies).request('/', { headers: forwardedFor === undefined ? {} : { 'X-Forwarded-For': forwardedFor } })).text();

// (In-process requests have no peer: the peer's address reads 'unknown'.)
describe('the client address', () => {
  it('ignores X-Forwarded-For when no proxy is trusted, or anyone could pick their own address', async () => {
    expect(await seenBy(0, '198.51.100.1')).toBe('unknown');
  });

  it('takes the entry the outermost trusted proxy wrote, not one the client wrote further left', async () => {
    expect(await seenBy(1, '10.9.9.9, 198.51.100.1')).toBe('198.51.100.1');
    expect(await seenBy(2, '10.9.9.9, 198.51.100.1, 192.0.2.7')).toBe('198.51.100.1');
    expect(await seenBy(1, '2001:db8::1')).toBe('2001:db8::1');
  });

  it('takes the leftmost entry when there are fewer entries than trusted proxies', async () => {
    expect(await seenBy(3, '198.51.100.1, 192.0.2.7')).toBe('198.51.100.1');
  });

  it('falls back to the peer when the entry is not an address', async () => {
    expect(await seenBy(1, '<script>')).toBe('unknown');
    expect(await seenBy(1, '1'.repeat(65))).toBe('unknown');
    expect(await seenBy(1, '')).toBe('unknown');
    expect(await seenBy(1)).toBe('unknown');
  });

  it('is read once per request: clientAddress gives what the middleware found', async () => {
    const app = new Hono<AppEnv>();
    app.use((c, next) => { c.set('address', addressOf(c, 1)); return next(); });
    app.get('/', (c) => c.text(clientAddress(c)));
    expect(await (await app.request('/', { headers: { 'X-Forwarded-For': '192.0.2.9' } })).text()).toBe('192.0.2.9');
    expect(await (await new Hono().get('/', (c) => c.text(clientAddress(c))).request('/')).text()).toBe('unknown');
  });
});
