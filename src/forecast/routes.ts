import type { AppContext } from '../http/env.ts';
import { page } from '../http/page.ts';
import { noStore } from '../http/responses.ts';
import { table } from '../http/table.ts';
import type { Deps } from '../lib/deps.ts';
import { supporterGuards } from '../supporters/guards.ts';
import { staffingWeek } from './staffing.ts';

/** The load forecast and the staffing it asks for, beside the shifts (supervisors and admins). */
export function forecastRoutes(deps: Deps) {
  const { supervisor } = supporterGuards(deps);

  return [table('/forecast', [
    ['GET', '/', supervisor, noStore, show],
  ])];

  function show(c: AppContext) {
    return page(c, 'forecast/page', { s: staffingWeek(deps.db, deps.clock.now()) });
  }
}
