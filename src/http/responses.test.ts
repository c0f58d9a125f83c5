import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { Text } from '../i18n/index.ts';
import { Conflict, DomainError, NotFound } from '../lib/errors.ts';
import type { AppEnv } from './env.ts';
import { formAction, redirect } from './responses.ts';

function app() {
  const app = new Hono<AppEnv>();
  app.post('/away', (c) => redirect(c, '/t/abc'));
  app.post('/ok', (c) => formAction(c, () => {}, '/desk'));
  app.post('/refused', (c) => formAction(c, () => { throw new Conflict(new Text('desk.noSuchTicket')); }, '/desk', 'da'));
  app.post('/missing', (c) => formAction(c, () => { throw new NotFound(); }, '/desk'));
  app.onError((error, c) => c.text(`error page ${error instanceof DomainError ? error.status : 500}`, 500));
  return app;
}
const post = (path: string, htmx: boolean) => app().request(path, { method: 'POST', headers: htmx ? { 'HX-Request': 'true' } : {} });

describe('answers to forms', () => {
  it('redirect a plain form post with 303, and htmx with 204 and HX-Redirect', async () => {
    const plain = await post('/away', false);
    expect([plain.status, plain.headers.get('Location')]).toEqual([303, '/t/abc']);
    const htmx = await post('/away', true);
    expect([htmx.status, htmx.headers.get('HX-Redirect'), htmx.headers.get('Location')]).toEqual([204, '/t/abc', null]);
  });

  it('leave a success to the stream: 204 for htmx, back to the page without script', async () => {
    expect((await post('/ok', true)).status).toBe(204);
    const plain = await post('/ok', false);
    expect([plain.status, plain.headers.get('Location')]).toEqual([303, '/desk']);
  });

  it("say a refusal beside an htmx form, in the reader's language, with its status", async () => {
    const res = await post('/refused', true);
    expect(res.status).toBe(409);
    expect(await res.text()).toBe(new Text('desk.noSuchTicket').in('da'));
  });

  it('leave a refusal without script, and anything not found, to the error page', async () => {
    expect(await (await post('/refused', false)).text()).toBe('error page 409');
    expect(await (await post('/missing', true)).text()).toBe('error page 404');
  });
});
