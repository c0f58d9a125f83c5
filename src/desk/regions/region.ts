import type { Lang } from '../../i18n/index.ts';
import type { LineScope } from '../../line/tickets.ts';
import type { Deps } from '../../lib/deps.ts';
import type { SomeReactions } from '../../realtime/catalogue.ts';
import type { Drawn } from '../../realtime/signals.ts';
import type { DeskData } from '../desk-data.ts';

/**
 * What a desk-wide reaction knows: every desk of one audience (language, whether it watches the
 * team as supervisors and admins do, the lines it sees) sees the same.
 */
export interface AudienceView { deps: Deps; lang: Lang; scope: LineScope; watches: boolean }

/** What a reaction addressed to one supporter's desk knows: whose desk it is. */
export interface OwnView extends AudienceView { me: number }

/**
 * One region of the desk (the line, the team, the tabs, ...): how it looks after a reset and how
 * it reacts to events. The phases say who sees a reaction, and so how often it is rendered:
 * `everyone` once per audience, `watchers` once per audience of desks that watch the chats in
 * progress (supervisors and admins), `addressed` for the one desk an event names. A reaction
 * draws HTML, and may add signals that tell the desk's scripts what happened (see signals.ts).
 */
export interface DeskRegion {
  /** The region redrawn from current state (a page reset), as htmx partials. */
  snapshot?(data: DeskData): string;
  everyone?: SomeReactions<AudienceView, string | Drawn>;
  watchers?: SomeReactions<AudienceView, string | Drawn>;
  addressed?: SomeReactions<OwnView, string | Drawn>;
}
