import { partial, render } from '../../lib/render.ts';
import { openBreaches } from '../../sla/breaches.ts';
import type { EventOf } from '../../realtime/catalogue.ts';
import type { Drawn } from '../../realtime/signals.ts';
import type { AudienceView, DeskRegion } from './region.ts';

/** The list, rebuilt once per event that changes it and shared by every supervisor's desk. */
const list = ({ deps, lang }: AudienceView) =>
  partial('#breaches', 'outerHTML', render('desk/_breaches', { breaches: openBreaches(deps.db, lang), now: deps.clock.now(), csrf: '', lang }));

/** A breach: the list, and a signal that calls for attention (public/js/supervisor-alerts.js). */
function breached(event: EventOf<'sla.breached'>, view: AudienceView): Drawn {
  const breach = openBreaches(view.deps.db, view.lang, 1).find((b) => b.id === event.data.breachId);
  return {
    html: list(view),
    signals: breach ? [{ name: 'lineup:breach', data: { ticket: breach.ticketId, name: breach.visitorName, norm: breach.norm } }] : [],
  };
}

/** Supervisors' and admins' list of broken service norms, until each is met or its ticket ends. */
export const breaches = {
  snapshot: (data) => (data.breaches ? partial('#breaches', 'outerHTML', render('desk/_breaches', { ...data, csrf: '' })) : ''),
  watchers: {
    'sla.breached': breached,
    'sla.ended': (_event, view) => list(view),
  },
} satisfies DeskRegion;
