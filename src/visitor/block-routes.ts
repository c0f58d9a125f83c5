import type { AppContext } from '../http/env.ts';
import { page } from '../http/page.ts';
import { t, Text } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { parseId } from '../lib/ids.ts';
import { listBlocks, unblock } from './blocks.ts';
import { auditBy } from '../audit/routes.ts';

/** The admin's list of blocked visitors, where a block is lifted (routes in routes.ts, admins only). */
export function blockHandlers(deps: Deps) {
  const blocksPage = (c: AppContext, notice?: { kind: string; message: string }) => page(c, 'visitor/blocks', { blocks: listBlocks(deps.db), notice });
  return {
    showBlocks(c: AppContext) {
      return blocksPage(c);
    },

    liftBlock(c: AppContext) {
      const lifted = unblock(deps, parseId(c.req.param('id')));
      const who = lifted.label || lifted.ip || new Text('teamwork.blocks.thatVisitor');
      auditBy(deps, c, { action: 'visitorUnblocked', target: lifted.label || lifted.ip || `block ${lifted.id}` });
      return blocksPage(c, { kind: 'ok', message: t(c.get('lang'), 'teamwork.blocks.lifted', { who }) });
    },
  };
}
