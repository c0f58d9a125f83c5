import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../config.ts';
import { t, Text } from '../i18n/index.ts';
import { Conflict, TooManyRequests } from '../lib/errors.ts';
import type { AppEnv } from './env.ts';
import { answerErrors } from './error-pages.ts';
import { log } from '../lib/log.ts';

function app() {
  const app = new Hono<AppEnv>();
  app.get('/taken', () => { throw new Conflict(new Text('desk.noSuchTicket')); });
  app.get('/busy', () => { throw new TooManyRequests(new Text('files.hourlyLimit'), 42); });
  app.get('/malformed', () => { throw new HTTPException(400, { message: '' }); });
  app.get('/broken', () => { throw new Error('secret internals at db.ts:42'); });
  answerErrors(app, loadConfig({}));
  return app;
}
const get = (path: string, headers: Record<string, string> = {}) => app().request(path, { headers });

describe('error pages', () => {
  afterEach(() => { vi.restoreAllMocks(); });

  it("answer a path that leads nowhere with 404, in the reader's language", async () => {
    const res = await get('/nowhere', { 'Accept-Language': 'da' });
    expect(res.status).toBe(404);
    expect(await res.text()).toContain(t('da', 'error.nothingHere'));
  });

  it("answer a domain's refusal with its status and its message", async () => {
    const res = await get('/taken');
    expect(res.status).toBe(409);
    expect(await res.text()).toContain(t('en', 'desk.noSuchTicket'));
  });

  it('say when to try again after too many requests', async () => {
    const res = await get('/busy');
    expect([res.status, res.headers.get('Retry-After')]).toEqual([429, '42']);
  });

  it("answer Hono's own refusal of a malformed request with its status", async () => {
    const res = await get('/malformed');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(t('en', 'error.notUnderstood'));
  });

  it('answer anything unexpected with a plain 500: the details go to the log, never to the browser', async () => {
    const logged = vi.spyOn(log, 'error').mockImplementation(() => {});
    const res = await get('/broken');
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain(t('en', 'error.wrongText'));
    expect(html).not.toContain('secret internals');
    expect(logged).toHaveBeenCalledOnce();
    expect(JSON.stringify(logged.mock.calls[0]![0])).toContain('"path":"/broken"');
  });

  it('give htmx a notice to show beside the form instead of a page', async () => {
    const res = await get('/taken', { 'HX-Request': 'true' });
    expect(await res.text()).toBe(`<p class="notice notice--error" role="alert">${t('en', 'desk.noSuchTicket')}</p>\n`);
  });
});
