import { Readable } from 'node:stream';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { t } from '../i18n/index.ts';
import { DomainError } from '../lib/errors.ts';
import type { AppEnv } from './env.ts';
import { formFields, MAX_BODY_BYTES } from './forms.ts';

function app() {
  const app = new Hono<AppEnv>();
  app.post('/', async (c) => c.json(await formFields(c)));
  // Read twice: the second read gets what the first one read (a Node request is read once).
  app.post('/twice', async (c) => { await formFields(c); return c.json(await formFields(c)); });
  app.onError((error, c) => (error instanceof DomainError ? c.text(error.message, error.status) : c.text('failed', 500)));
  return app;
}
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

/** A request read straight off Node's request, as `serve` hands it over (`incoming`), in chunks. */
const fromNode = (path: string, chunks: string[]) =>
  app().request(path, { method: 'POST', headers: FORM }, { incoming: Readable.from(chunks.map((s) => Buffer.from(s))) as never });

describe('reading a form', () => {
  it('reads a url-encoded form exactly, through Hono', async () => {
    const res = await app().request('/', { method: 'POST', headers: FORM, body: 'name=Vera+%C3%98%2B1+%26+%3Cb%3E&problem=Line+one%0Aline+two' });
    expect(await res.json()).toEqual({ name: 'Vera Ø+1 & <b>', problem: 'Line one\nline two' });
  });

  it('reads a multipart form, leaving files out', async () => {
    const form = new FormData();
    form.append('caption', 'a dot');
    form.append('file', new File(['x'], 'x.txt'));
    expect(await (await app().request('/', { method: 'POST', body: form })).json()).toEqual({ caption: 'a dot' });
  });

  it('reads a body that is not a form as empty', async () => {
    const res = await app().request('/', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
    expect(await res.json()).toEqual({});
  });

  it('answers a broken form with a clear 400', async () => {
    const res = await app().request('/', { method: 'POST', headers: { 'Content-Type': 'multipart/form-data; boundary=zzz' }, body: '--zzz\r\nbroken' });
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(t('en', 'error.formUnreadable'));
  });

  describe("straight from Node's request (the path every message takes)", () => {
    it('reads the form exactly, across chunks', async () => {
      const res = await fromNode('/', ['name=Vera+%C3', '%98&problem=100%25+%22sure%22']);
      expect(await res.json()).toEqual({ name: 'Vera Ø', problem: '100% "sure"' });
    });

    it('lets the last of repeated fields win and leaves list fields out, as Hono does', async () => {
      expect(await (await fromNode('/', ['name=First&name=Yuki&name%5B%5D=List&problem=Twice'])).json()).toEqual({ name: 'Yuki', problem: 'Twice' });
    });

    it('refuses a body that grows past the limit while it is read', async () => {
      const chunk = 'x'.repeat(16 * 1024);
      const res = await fromNode('/', ['problem=', ...Array.from({ length: MAX_BODY_BYTES / chunk.length + 1 }, () => chunk)]);
      expect(res.status).toBe(413);
      expect(await res.text()).toBe(t('en', 'error.bodyTooLarge', { size: MAX_BODY_BYTES / 1024 }));
    });

    it('reads the body once, however often a request asks', async () => {
      expect(await (await fromNode('/twice', ['a=1'])).json()).toEqual({ a: '1' });
    });
  });
});
