import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { bodySizeLimit } from './body-limit.ts';

/** Counts how often the handler read the body, so a test can tell "refused before reading". */
function app(max = 10) {
  const app = new Hono();
  app.use(bodySizeLimit(max, (c) => c.text('too large', 413)));
  app.post('/', async (c) => c.text(`read ${(await c.req.text()).length}`));
  return app;
}
/** A request read off the wire: Node's request (`incoming`) beside the web Request Hono sees. */
const node = (init: { headers?: Record<string, string> }, body = '') =>
  app().request('/', { method: 'POST', ...init, ...(body ? { body } : {}) }, { incoming: Readable.from([Buffer.from(body)]) as never });

describe('the body size limit', () => {
  it('refuses a request off the wire by its Content-Length alone, before reading a byte', async () => {
    const res = await node({ headers: { 'Content-Length': '11' } });
    expect(res.status).toBe(413);
    expect(await res.text()).toBe('too large');
  });

  it('lets a request off the wire through by its Content-Length, or by having no body at all', async () => {
    expect((await node({ headers: { 'Content-Length': '10' } }, '0123456789')).status).toBe(200);
    expect((await node({})).status).toBe(200);
  });

  it('counts a body sent in chunks (Transfer-Encoding) as it is read', async () => {
    const res = await app().request('/', { method: 'POST', body: 'x'.repeat(11), headers: { 'Transfer-Encoding': 'chunked' } },
      { incoming: Readable.from([Buffer.from('x')]) as never });
    expect(res.status).toBe(413);
  });

  it('counts the body of an in-process request, which need not declare its length', async () => {
    expect((await app().request('/', { method: 'POST', body: 'x'.repeat(11) })).status).toBe(413);
    expect(await (await app().request('/', { method: 'POST', body: 'x'.repeat(10) })).text()).toBe('read 10');
  });
});
