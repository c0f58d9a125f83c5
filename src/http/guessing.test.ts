import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../lib/clock.ts';
import { TooManyRequests } from '../lib/errors.ts';
import type { AppEnv } from './env.ts';
import { guessingGuard } from './guessing.ts';

/** An app whose only real ticket is /t/real; the address comes from a header, as a trusted proxy would give it. */
function appWith(waits: number[]) {
  const clock = manualClock();
  const app = new Hono<AppEnv>();
  app.use((c, next) => { c.set('address', c.req.header('X-Test-Address') ?? '203.0.113.1'); return next(); });
  app.use(guessingGuard(clock, { count: 10, windowMs: 600_000 }, async (ms) => { waits.push(ms); }));
  app.get('/t/real', (c) => c.text('your ticket'));
  app.get('/t/:token', (c) => c.text('no such ticket', 404));
  app.get('/elsewhere/:x', (c) => c.text('nothing', 404));
  app.onError((error, c) => {
    if (error instanceof TooManyRequests) return c.text('slow down', 429, { 'Retry-After': String(error.retryAfterSeconds) });
    throw error;
  });
  return { app, clock };
}

describe('guessingGuard', () => {
  it('slows an address after half its misses, then refuses its misses with Retry-After, never its real tickets', async () => {
    const waits: number[] = [];
    const { app, clock } = appWith(waits);
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push((await app.request(`/t/guess${i}`)).status);
    expect(statuses).toEqual([404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 429, 429]);
    expect(waits).toHaveLength(5); // the 6th to the 10th miss waited
    const refused = await app.request('/t/guess-again');
    expect(refused.headers.get('Retry-After')).toBe('600');
    // The real ticket, from the same address, is answered at once.
    const real = await app.request('/t/real');
    expect([real.status, await real.text()]).toEqual([200, 'your ticket']);
    expect(waits).toHaveLength(5);
    // Another address, and paths that are not addressed by a secret, are not counted.
    expect((await app.request('/t/guess', { headers: { 'X-Test-Address': '198.51.100.7' } })).status).toBe(404);
    expect((await app.request('/elsewhere/1')).status).toBe(404);
    // After the window, the address starts over.
    clock.advance(600_000);
    expect((await app.request('/t/guess')).status).toBe(404);
  });
});
