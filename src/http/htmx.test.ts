import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { isHtmx } from './htmx.ts';

describe('isHtmx', () => {
  const app = new Hono().get('/', (c) => c.text(String(isHtmx(c))));
  const ask = async (headers: Record<string, string>) => (await app.request('/', { headers })).text();

  it('knows a request htmx sent by its HX-Request header', async () => {
    expect(await ask({ 'HX-Request': 'true' })).toBe('true');
  });

  it("doesn't take a plain form post or any other value for htmx", async () => {
    expect(await ask({})).toBe('false');
    expect(await ask({ 'HX-Request': 'false' })).toBe('false');
    expect(await ask({ 'HX-Request': '1' })).toBe('false');
  });
});
