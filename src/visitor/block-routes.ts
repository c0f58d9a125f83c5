import { Hono, type Context } from 'hono';
import { t, Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { parseId } from '../lib/ids.ts';
import { render } from '../lib/render.ts';
import type { AppEnv } from '../http/env.ts';
import { requireSupporter } from '../supporters/guards.ts';
import { listBlocks, unblock } from './blocks.ts';

/** The admin's list of blocked visitors, where a block is lifted. Admins only. */
export function blockRoutes(deps: Deps) {
  const app = new Hono<AppEnv>();
  const admin = requireSupporter(deps, ['admin']);

  const page = (c: Context<AppEnv>, notice?: { kind: string; message: string }) =>
    render('visitor/blocks', { me: c.get('supporter'), csrf: c.get('csrf'), lang: c.get('lang'), blocks: listBlocks(deps.db), notice });

  app.get('/admin/blocks', admin, (c) => {
    c.header('Cache-Control', 'no-store');
    return c.html(page(c));
  });

  app.post('/admin/blocks/:id/delete', admin, (c) => {
    const lifted = unblock(deps, parseId(c.req.param('id')));
    const who = lifted.label || lifted.ip || new Text('teamwork.blocks.thatVisitor');
    return c.html(page(c, { kind: 'ok', message: t(c.get('lang'), 'teamwork.blocks.lifted', { who }) }));
  });

  return app;
}
