import { listMessages } from '../chat/messages.ts';
import { forReader } from '../chat/system-lines.ts';
import { handoverData } from '../handover/view.ts';
import type { Lang } from '../i18n/index.ts';
import type { Deps } from '../lib/deps.ts';
import type { TicketView } from '../line/tickets.ts';
import { visitorDetails } from '../visitor/details.ts';

/** One tab as its viewer sees it; `upTo` cuts the conversation where the event that opened it was. */
export function tabData(deps: Deps, ticket: TicketView, viewer: number, lang: Lang, upTo?: number) {
  return {
    ticket,
    messages: listMessages(deps.db, ticket.id, { upTo, withNotes: true }).map((m) => forReader(m, lang)),
    details: visitorDetails(deps, ticket),
    handover: handoverData(deps, ticket, viewer, lang),
  };
}

export type TabData = ReturnType<typeof tabData>;
