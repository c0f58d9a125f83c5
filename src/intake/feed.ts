import type { Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import { partial, render } from '../lib/render.ts';
import type { EventType, LineupEvent } from '../realtime/catalogue.ts';
import { memoFor } from '../realtime/memo.ts';
import { intakeMode } from './mode.ts';

/**
 * Which types redraw the intake's live parts (who is online, live line or offline form): every
 * change to the team or the hours. Exhaustive: a new type does not compile until it is decided.
 */
const REDRAWS: { readonly [T in EventType]: boolean } = {
  'hours.changed': true,
  'supporter.added': true,
  'supporter.enabled': true,
  'supporter.disabled': true,
  'supporter.status': true,
  'session.ended': false,
  'supporter.presence': true,
  'supporter.groups': false,
  'ticket.joined': false,
  'ticket.regrouped': false,
  'ticket.rejoined': false,
  'ticket.claimed': false,
  'ticket.released': false,
  'ticket.away': false,
  'ticket.back': false,
  'ticket.left': false,
  'ticket.closed': false,
  'ticket.handed': false,
  'ticket.helpers': false,
  'ticket.details': false,
  'ticket.escalated': false,
  'ticket.rating': false,
  'message.posted': false,
  'tab.closed': false,
  'transfer.offered': false,
  'transfer.answered': false,
  'helper.joined': false,
  'ticket.widened': false,
  'offer.rang': false,
  'offer.ended': false,
  'sla.breached': false,
  'sla.ended': false,
  'complaint.changed': false,
  'team.message': false,
  'visitor.presence': false,
};

/** The intake's live parts as they are now: only the banner, the e-mail hint and the button change, so what was typed stays. */
export function intakeState(deps: Deps, lang: Lang): string {
  const mode = intakeMode(deps);
  return partial('#intake-mode', 'outerHTML', render('intake/_mode', { mode, lang }))
    + partial('#email-hint', 'outerHTML', render('intake/_email_hint', { mode, lang }))
    + partial('#intake-submit', 'outerHTML', render('intake/_submit', { mode, lang }));
}

/** One rendering per event and language, shared by every open intake page (replays share it by id). */
export function intakeRenderer(deps: Deps, lang: Lang) {
  const memo = memoFor(deps, 'intake');
  return (event: LineupEvent): string | null => (REDRAWS[event.type] ? memo.get(`mode:${event.id}:${lang}`, () => intakeState(deps, lang)) : null);
}
