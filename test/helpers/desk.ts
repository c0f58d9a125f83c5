import { deskRenderer, deskSnapshot } from '../../src/desk/feed.ts';
import { deskScope } from '../../src/groups/members.ts';
import { getSupporter } from '../../src/supporters/accounts.ts';
import type { makeTestApp } from './app.ts';

/**
 * A supporter's desk as the tests see it: what it shows after a reset (`snapshot`), and the HTML
 * and signal names it is pushed live from now on, rendered exactly as its stream would.
 */
export function watchDesk(t: ReturnType<typeof makeTestApp>, id: number) {
  const me = getSupporter(t.deps.db, id)!;
  const render = deskRenderer(t.deps, me.id, me.role, 'en', deskScope(t.deps.db, me));
  const seen: string[] = [];
  const signals: string[] = [];
  t.deps.hub.subscribe({ topics: ['line', 'team', 'desks'], supporterId: me.id, deliver: (e) => {
    const drawn = render(e);
    seen.push(drawn?.html ?? '');
    signals.push(...(drawn?.signals ?? []).map((s) => s.name));
  } });
  return { pushed: () => seen.join(''), signals, snapshot: () => deskSnapshot(t.deps, { ...me, sessionId: 0 } as never, 'en') };
}
