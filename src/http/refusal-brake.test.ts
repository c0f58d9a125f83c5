import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../lib/clock.ts';
import type { AppEnv } from './env.ts';
import { BRAKE_MS, FREE_REFUSALS, refusalBrake } from './refusal-brake.ts';

describe('refusalBrake', () => {
  it('answers an address\'s first refusals at once, later ones after a pause, and never slows its other requests or other addresses', async () => {
    const clock = manualClock();
    const waits: number[] = [];
    const app = new Hono<AppEnv>();
    app.use((c, next) => { c.set('address', c.req.header('X-Test-Address') ?? '203.0.113.1'); return next(); });
    app.use(refusalBrake(clock, async (ms) => { waits.push(ms); }));
    app.get('/limited', (c) => c.text('too many', 429));
    app.get('/page', (c) => c.text('fine'));

    for (let i = 0; i < FREE_REFUSALS; i++) expect((await app.request('/limited')).status).toBe(429);
    expect(waits).toEqual([]);
    expect((await app.request('/limited')).status).toBe(429);
    expect(waits).toEqual([BRAKE_MS]);
    // The same address's pages, and another address's refusals, are answered at once.
    expect(await (await app.request('/page')).text()).toBe('fine');
    expect((await app.request('/limited', { headers: { 'X-Test-Address': '198.51.100.7' } })).status).toBe(429);
    expect(waits).toEqual([BRAKE_MS]);
    // A minute later the address starts afresh.
    clock.advance(60_001);
    expect((await app.request('/limited')).status).toBe(429);
    expect(waits).toEqual([BRAKE_MS]);
  });
});
