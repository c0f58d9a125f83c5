import type { Lang } from '../../i18n/index.ts';
import type { Deps } from '../../lib/deps.ts';
import type { SomeReactions } from '../../realtime/catalogue.ts';

/** Whose ticket page a reaction draws: the ticket, the page's address (`/t/<token>`) and language. */
export interface TicketPageView { deps: Deps; ticketId: number; base: string; lang: Lang }

/** One region of a visitor's ticket page and how it reacts to that ticket's events. */
export interface TicketPageRegion {
  reactions: SomeReactions<TicketPageView>;
}
