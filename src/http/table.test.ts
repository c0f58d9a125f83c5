import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from './env.ts';
import { anyone, mount, table, type Guard } from './table.ts';

/** A guard that notes that it ran; `refuse` answers 401 instead of going on. */
const note = (name: string, refuse = false): Guard => async (c, next) => {
  c.header('X-Ran', [c.res.headers.get('X-Ran'), name].filter(Boolean).join(','));
  if (refuse) return c.text('refused', 401);
  await next();
};

function app() {
  const app = new Hono<AppEnv>();
  mount(app, [
    table('/t/:token', [
      ['GET',  '/',          note('visitor'),                (c) => c.text(`page ${c.req.param('token')}`)],
      ['POST', '/files/:id', note('visitor'), note('upload'), (c) => c.text(`file ${c.req.param('id')} of ${c.req.param('token')}`)],
    ]),
    table('/desk', [
      ['POST', '/secret', note('admin', true), () => { throw new Error('never reached'); }],
    ]),
    table('/', [
      ['GET', '/login', anyone, (c) => c.text('login')],
    ]),
  ]);
  return app;
}

describe('a route table', () => {
  it("mounts its routes under its prefix, whose parameters reach the route's handler", async () => {
    expect(await (await app().request('/t/abc')).text()).toBe('page abc');
    expect(await (await app().request('/t/abc/files/7', { method: 'POST' })).text()).toBe('file 7 of abc');
    expect(await (await app().request('/login')).text()).toBe('login');
  });

  it('runs the guards on a line in order, before the handler', async () => {
    expect((await app().request('/t/abc/files/7', { method: 'POST' })).headers.get('X-Ran')).toBe('visitor,upload');
  });

  it("doesn't reach the handler when a guard refuses", async () => {
    const res = await app().request('/desk/secret', { method: 'POST' });
    expect([res.status, await res.text()]).toEqual([401, 'refused']);
  });

  it("knows only its own methods and paths: anything else is the app's 404", async () => {
    expect((await app().request('/t/abc', { method: 'POST' })).status).toBe(404);
    expect((await app().request('/t/abc/')).status).toBe(404);
    expect((await app().request('/desk/elsewhere', { method: 'POST' })).status).toBe(404);
  });

  it("leaves `anyone` out of the chain: it only says who may call", () => {
    const login = app().routes.filter((route) => route.path === '/login');
    expect(login).toHaveLength(1);
  });
});
