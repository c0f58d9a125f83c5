import { Hono } from 'hono';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppEnv } from './env.ts';

const rendered = vi.hoisted(() => [] as Array<{ view: string; data: Record<string, unknown> }>);
vi.mock('../lib/render.ts', () => ({
  render: (view: string, data: Record<string, unknown>) => { rendered.push({ view, data }); return `<p>${view}</p>`; },
}));
const { page } = await import('./page.ts');

const ann = { id: 1, name: 'Ann', role: 'admin' };
function app(signedIn: boolean) {
  const app = new Hono<AppEnv>();
  app.use((c, next) => {
    c.set('csrf', 'secret');
    c.set('lang', 'da');
    if (signedIn) c.set('supporter', ann as never);
    return next();
  });
  app.get('/', (c) => page(c, 'canned/page', { replies: [] }));
  app.get('/frame', (c) => page(c, 'widget/intake', { csrf: 'w1.signed', lang: 'ru' }, 400));
  return app;
}

describe('page', () => {
  beforeEach(() => { rendered.length = 0; });

  it("renders a view with the reader, the page's CSRF secret and the reader's language", async () => {
    const res = await app(true).request('/');
    expect([res.status, res.headers.get('Content-Type'), await res.text()]).toEqual([200, 'text/html; charset=UTF-8', '<p>canned/page</p>']);
    expect(rendered).toEqual([{ view: 'canned/page', data: { me: ann, csrf: 'secret', lang: 'da', replies: [] } }]);
  });

  it('names nobody when no sign-in guard let a supporter through', async () => {
    await app(false).request('/');
    expect(rendered[0]!.data.me).toBeUndefined();
  });

  it('lets the data say otherwise (a signed token, a ticket language), with its status', async () => {
    const res = await app(false).request('/frame');
    expect(res.status).toBe(400);
    expect(rendered[0]!.data).toMatchObject({ csrf: 'w1.signed', lang: 'ru' });
  });
});
