import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { declaredFor, declaring, takesUpload } from './declared.ts';
import type { AppEnv } from './env.ts';
import { mount, table, type Guard } from './table.ts';

const pass: Guard = (_c, next) => next();
const widget = declaring({ signedToken: 'lineup' }, (_c, next) => next());
const host = declaring({ signedToken: 'host' }, (_c, next) => next());

function app() {
  const app = new Hono<AppEnv>();
  // What the app-wide middleware sees, before any route's own guard runs.
  app.use(async (c, next) => {
    c.header('X-Declared', JSON.stringify(declaredFor(c)));
    await next();
  });
  mount(app, [
    table('/t/:token', [
      ['POST', '/messages', widget,              (c) => c.body(null, 204)],
      ['POST', '/files',    widget, takesUpload, (c) => c.body(null, 204)],
    ]),
    table('/w/:key', [
      ['POST', '/invites', widget, host, (c) => c.body(null, 204)],
    ]),
    table('/desk', [
      ['POST', '/tickets/:id/claim', pass, (c) => c.body(null, 204)],
    ]),
  ]);
  return app;
}
const declared = async (path: string) => JSON.parse((await app().request(path, { method: 'POST' })).headers.get('X-Declared')!);

describe('route declarations', () => {
  it("are read from the guards on the matched route's line, before they run", async () => {
    expect(await declared('/t/abc/messages')).toEqual({ signedToken: 'lineup' });
    expect(await declared('/t/abc/files')).toEqual({ signedToken: 'lineup', upload: true });
  });

  it('let a later guard on the line say more precisely', async () => {
    expect(await declared('/w/abc/invites')).toEqual({ signedToken: 'host' });
  });

  it("are empty for a route that declares nothing, and for a path that leads nowhere", async () => {
    expect(await declared('/desk/tickets/1/claim')).toEqual({});
    expect(await declared('/t/abc/nowhere')).toEqual({});
  });

  it('leave the declaring middleware itself as it was', () => {
    expect(declaring({ upload: true }, pass)).toBe(pass);
  });
});
