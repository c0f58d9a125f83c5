import { partial, render } from '../../lib/render.ts';
import { breachesForMembers, openBreaches } from '../../sla/breaches.ts';
import type { EventOf } from '../../realtime/catalogue.ts';
import type { Drawn } from '../../realtime/signals.ts';
import type { AudienceView, DeskRegion } from './region.ts';

/**
 * The list as an audience sees it: every breach for supervisors' and admins' desks; for
 * supporters', those of their groups that ask for it (none: nothing to draw). Rebuilt once per
 * event that changes it and audience.
 */
function shown({ deps, lang, scope, watches }: AudienceView) {
  return watches ? openBreaches(deps.db, lang) : breachesForMembers(deps.db, lang, scope);
}
const list = (view: AudienceView, breaches = shown(view)) =>
  (breaches ? partial('#breaches', 'outerHTML', render('desk/_breaches', { breaches, now: view.deps.clock.now(), csrf: '', lang: view.lang })) : '');

/** A breach: the list, and a signal that calls for attention (public/js/supervisor-alerts.js). */
function breached(event: EventOf<'sla.breached'>, view: AudienceView): Drawn {
  const breaches = shown(view);
  const breach = breaches?.find((b) => b.id === event.data.breachId);
  return {
    html: list(view, breaches),
    signals: breach ? [{ name: 'lineup:breach', data: { ticket: breach.ticketId, name: breach.visitorName, norm: breach.norm } }] : [],
  };
}

/** Supporters' desks: only what their groups ask to be shown (supervisors' come with `watchers`). */
const forMembers = <E>(draw: (event: E, view: AudienceView) => Drawn | string) => (event: E, view: AudienceView) => (view.watches ? '' : draw(event, view));

/** The list of broken service norms, until each is met or its ticket ends: supervisors' and admins', and group members' when their group asks. */
export const breaches = {
  snapshot: (data) => (data.breaches ? partial('#breaches', 'outerHTML', render('desk/_breaches', { ...data, csrf: '' })) : ''),
  watchers: {
    'sla.breached': breached,
    'sla.ended': (_event, view) => list(view),
  },
  everyone: {
    'sla.breached': forMembers(breached),
    'sla.ended': forMembers((_event, view) => list(view)),
  },
} satisfies DeskRegion;
