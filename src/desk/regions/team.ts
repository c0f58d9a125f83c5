import { partial, render } from '../../lib/render.ts';
import { getSupporter } from '../../supporters/accounts.ts';
import { isOffShift } from '../../schedules/shifts.ts';
import type { AudienceView, DeskRegion } from './region.ts';

function member({ deps, lang }: AudienceView, supporterId: number): string {
  const s = getSupporter(deps.db, supporterId);
  if (!s || !s.enabled) return partial(`#member-${supporterId}`, 'delete');
  const now = deps.clock.now();
  return partial(`#member-${supporterId}`, 'delete') + partial('#team-list', 'beforeend', render('desk/_member', { s, lang, now, offShift: isOffShift(deps.db, s.id, now) }));
}

const one = (event: { supporterId: number }, view: AudienceView) => member(view, event.supporterId);

/** Who is on the team, online or not, and what they say of themselves (kept in name order by the page). */
export const team = {
  snapshot: (data) => partial('#team', 'outerHTML', render('desk/_team', { ...data, csrf: '' })),
  everyone: {
    'supporter.added': one,
    'supporter.enabled': one,
    'supporter.disabled': one,
    'supporter.status': one,
    'supporter.presence': (event, view) => event.data.ids.map((id) => member(view, id)).join(''),
  },
} satisfies DeskRegion;
