import type { AppContext } from '../http/env.ts';
import { clientAddress } from '../http/address.ts';
import { noStore } from '../http/responses.ts';
import { page } from '../http/page.ts';
import { table } from '../http/table.ts';
import type { Deps } from '../lib/deps.ts';
import { latestEventId } from '../realtime/events.ts';
import type { EventStreams } from '../realtime/stream.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { dashboard } from './dashboard.ts';
import { dashboardNow, type DashboardBoard } from './board.ts';

/** The supervisors' and admins' live dashboard. */
export function supervisionRoutes(deps: Deps, { streams, dashboards }: { streams: EventStreams; dashboards: DashboardBoard }) {
  const { supervisor } = supporterGuards(deps);

  return [table('/dashboard', [
    ['GET', '/',       supervisor, noStore, show],
    ['GET', '/stream', supervisor, openStream],
  ])];

  function show(c: AppContext) {
    return page(c, 'supervision/dashboard', { d: dashboard(deps.db, deps.clock.now(), c.get('lang')), now: deps.clock.now(), cursor: latestEventId(deps.db) });
  }

  // No event reaches the page itself: the board pushes the redrawn dashboard, at most every 2 s.
  function openStream(c: AppContext) {
    const lang = c.get('lang');
    let stop = () => {};
    return streams.openStream({
      subscription: { topics: [] },
      cursor: c.req.header('Last-Event-ID') ?? c.req.query('after'),
      render: () => null,
      snapshot: () => dashboardNow(deps, lang),
      request: c.req.raw,
      outgoing: c.env?.outgoing,
      address: clientAddress(c),
      lang,
      onOpen: (push) => { stop = dashboards.watch(lang, push); },
      onClose: () => stop(),
    });
  }
}
