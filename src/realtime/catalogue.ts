/**
 * Every event Lineup records, with its channel, its routing and its data. An event names ids
 * only: pages read the current rows when they render it. Emitting a type not listed here, or
 * data of the wrong shape, does not compile; nor does a page that forgets a type (see
 * `Reactions` and the audiences in src/desk/regions.ts, src/visitor/regions.ts, src/intake/).
 *
 * Channels: 'line' (desks; a ticket's own pages by its id), 'team' (desks and the intake page),
 * 'desks' (desks only), 'ticket' (no broadcast: only the pages its ids address).
 */
export interface Catalogue {
  // ---- the line: a ticket's way from joining to closing ----
  'ticket.joined': { topic: 'line'; ticketId: number };
  /** `upTo`: the last message at the claim; the new tab shows the conversation up to there. */
  'ticket.claimed': { topic: 'line'; ticketId: number; supporterId: number; data: { upTo: number } };
  /** Back in the line at its old place (handed back, or its holder went offline or was disabled). */
  'ticket.released': { topic: 'line'; ticketId: number; supporterId: number };
  'ticket.away': { topic: 'line'; ticketId: number; supporterId: number | null };
  'ticket.back': { topic: 'line'; ticketId: number; supporterId: number | null };
  /** Left the line: the visitor gave up their place, or had no page open for too long (abandoned). */
  'ticket.left': { topic: 'line'; ticketId: number; data?: { abandoned: true } };
  /** An abandoned ticket's visitor came back in time: it is in the line again at its old place. */
  'ticket.rejoined': { topic: 'line'; ticketId: number };
  'ticket.closed': { topic: 'line'; ticketId: number; supporterId: number };
  /** Taken over or accepted from a colleague: `supporterId` is the new holder. */
  'ticket.handed': { topic: 'line'; ticketId: number; supporterId: number; data: { from: number; upTo: number } };
  /** Moved to another group's line while waiting (its group was disabled); `from` is the group it left. */
  'ticket.regrouped': { topic: 'line'; ticketId: number; data: { from: number } };
  /** Nobody in its group took it: the group's second wave (`to`, an overflow group) sees it too. */
  'ticket.widened': { topic: 'line'; ticketId: number; data: { to: number } };
  /** Colleagues were invited into the chat or left it; `supporterId` is the holder. */
  'ticket.helpers': { topic: 'line'; ticketId: number; supporterId: number | null };

  // ---- one ticket's pages ----
  /** The visitor details panel changed (page, comment, fields, block). */
  'ticket.details': { topic: 'ticket'; ticketId: number; supporterId: number | null };
  'ticket.escalated': { topic: 'ticket'; ticketId: number; supporterId: number };
  'ticket.rating': { topic: 'ticket'; ticketId: number; supporterId: number | null };
  /**
   * A new line in a conversation. The conversation's own copy names the ticket and its holder;
   * a private note, and each invited colleague's copy, name the ticket in their data only, so no
   * visitor page (routed by ticket id) can ever receive them.
   */
  'message.posted':
    | { topic: 'ticket'; ticketId: number; supporterId: number | null; data: { messageId: number } }
    | { topic: 'ticket'; supporterId: number | null; data: { messageId: number; ticketId: number } };
  /** A desk loses a tab without the ticket closing (a helper dropped, or taken over: `takenBy` says who). */
  'tab.closed': { topic: 'ticket'; supporterId: number; data: { ticketId: number; takenBy?: string } };
  'transfer.offered': { topic: 'ticket'; supporterId: number; data: { ticketId: number; transferId: number } };
  'transfer.answered': { topic: 'ticket'; supporterId: number; data: { ticketId: number; transferId: number; state: string } };
  'helper.joined': { topic: 'ticket'; supporterId: number; data: { ticketId: number; upTo: number } };
  /** Lineup offers a waiting ticket to this supporter: their desk rings (src/offers/). */
  'offer.rang': { topic: 'ticket'; supporterId: number; data: { ticketId: number; offerId: number } };
  /** The offer is over (accepted, declined, lapsed, taken by someone else, withdrawn): the card goes. */
  'offer.ended': { topic: 'ticket'; supporterId: number; data: { ticketId: number; offerId: number; outcome: string } };

  /** A service norm was broken (src/sla/): supervisors' desks are alerted; `supporterId` is the holder, if any. */
  'sla.breached': { topic: 'desks'; supporterId: number | null; data: { ticketId: number; breachId: number } };
  /** A visitor's complaint was made (`isNew`), taken, answered or resolved (src/complaints/). */
  'complaint.changed': { topic: 'desks'; data: { complaintId: number; isNew?: true } };
  /** A ticket's open breaches ended: the norm was met late, or the ticket closed or left the line. */
  'sla.ended': { topic: 'desks'; data: { ticketId: number } };

  // ---- the team ----
  'team.message': { topic: 'desks'; data: { id: number } };
  'hours.changed': { topic: 'team' };
  'supporter.added': { topic: 'team'; supporterId: number };
  'supporter.enabled': { topic: 'team'; supporterId: number };
  'supporter.disabled': { topic: 'team'; supporterId: number };
  /** How a supporter shows to others changed: status, its message, or photo. */
  'supporter.status': { topic: 'team'; supporterId: number };
  /** An admin moved the supporter into or out of a group: their desk shows other lines. */
  'supporter.groups': { topic: 'ticket'; supporterId: number };
  /** A session ended (signed out): every page opened in it closes its stream at once. */
  'session.ended': { topic: 'ticket'; supporterId: number; data: { session: number } };
  /** Supporters who came or went, gathered over a moment. */
  'supporter.presence': { topic: 'team'; data: { ids: number[] } };
  /**
   * A visitor came or went: for a claimed ticket, to its holder's tab; for waiting tickets,
   * gathered, to every desk's line.
   */
  'visitor.presence':
    | { topic: 'ticket'; ticketId: number; supporterId: number | null }
    | { topic: 'desks'; data: { ids: number[] } };
}

export type EventType = keyof Catalogue;

/** What a domain change emits: one variant of the catalogue, ids it leaves out are none. */
export type NewEvent = { [T in EventType]: { type: T } & Catalogue[T] }[EventType];

type Stored<E> = E extends { type: infer T; topic: infer Topic } ? {
  id: number;
  createdAt: number;
  type: T;
  topic: Topic;
  ticketId: E extends { ticketId: infer I } ? I : null;
  supporterId: E extends { supporterId: infer S } ? S : null;
  data: E extends { data: infer D } ? D : Record<string, never>;
} : never;

/** An event as it was recorded: its id (the SSE event id), time, and every routing field (null when none). */
export type LineupEvent = Stored<NewEvent>;

/** The recorded events of one type. */
export type EventOf<T extends EventType> = Extract<LineupEvent, { type: T }>;

/**
 * How quickly a page gets an event: `now` everywhere it shows, `now where addressed` at once
 * on the pages its ids name and within the gathering delay elsewhere, `gathered` within the
 * delay everywhere (several changes then cost a page one write).
 */
export type Urgency = 'now' | 'now where addressed' | 'gathered';

export interface Delivery {
  urgency: Urgency;
  /** Can move someone's place in line (joining at the end or stepping away cannot). */
  movesPlaces: boolean;
  /** Ends the stream of the desk it is addressed to (the account can no longer see anything). */
  endsAddressedDesk: boolean;
}

const gathered: Delivery = { urgency: 'gathered', movesPlaces: false, endsAddressedDesk: false };

/**
 * Each type's delivery properties, in one table (what a page shows of it is the page's own
 * business: see the regions). A message is never gathered; a claim or close
 * reaches its own ticket's and supporter's pages at once, and every other desk sees it leave
 * the line within the gathering delay, so a claim does not become a burst of thousands of
 * writes ahead of the messages being sent at that moment.
 */
export const DELIVERY: { readonly [T in EventType]: Delivery } = {
  'ticket.joined': gathered,
  'ticket.claimed': { ...gathered, urgency: 'now where addressed', movesPlaces: true },
  'ticket.released': { ...gathered, movesPlaces: true },
  'ticket.away': gathered,
  'ticket.back': gathered,
  'ticket.left': { ...gathered, movesPlaces: true },
  'ticket.rejoined': { ...gathered, movesPlaces: true },
  'ticket.closed': { ...gathered, urgency: 'now where addressed', movesPlaces: true },
  'ticket.handed': gathered,
  'ticket.helpers': gathered,
  'ticket.regrouped': { ...gathered, movesPlaces: true },
  'ticket.widened': gathered,
  'ticket.details': gathered,
  'ticket.escalated': gathered,
  'ticket.rating': gathered,
  'message.posted': { ...gathered, urgency: 'now' },
  'tab.closed': gathered,
  'transfer.offered': gathered,
  'transfer.answered': gathered,
  'helper.joined': gathered,
  // A ringing desk has seconds to answer: no gathering delay.
  'offer.rang': { ...gathered, urgency: 'now' },
  'offer.ended': { ...gathered, urgency: 'now' },
  'sla.breached': gathered,
  'sla.ended': gathered,
  'complaint.changed': gathered,
  'team.message': gathered,
  'hours.changed': gathered,
  'supporter.added': gathered,
  'supporter.enabled': gathered,
  'supporter.disabled': { ...gathered, urgency: 'now', endsAddressedDesk: true },
  'supporter.status': gathered,
  // The desk's stream was opened for its old lines: it ends after drawing the new ones, and reopens.
  'supporter.groups': { ...gathered, urgency: 'now', endsAddressedDesk: true },
  'session.ended': { ...gathered, urgency: 'now' },
  'supporter.presence': gathered,
  'visitor.presence': gathered,
};

/**
 * A page's reaction to one type: HTML for the page, or '' when it shows nothing of it (a page
 * whose scripts are told of some events draws `Out`: HTML and signals, see signals.ts).
 */
export type Reaction<T extends EventType, View, Out = string> = (event: EventOf<T>, view: View) => Out;

/**
 * How one kind of page reacts to every type: a reaction, or null for a type it never shows.
 * Exhaustive on purpose: a new type does not compile until every kind of page has decided.
 */
export type Reactions<View> = { readonly [T in EventType]: Reaction<T, View> | null };

/** Some types' reactions, as one region of a page owns them. */
export type SomeReactions<View, Out = string> = { readonly [T in EventType]?: Reaction<T, View, Out> };

/** Runs a page's reaction to an event (the cast is the one place TypeScript cannot follow the pairing of type and reaction). */
export function react<View>(reactions: Reactions<View> | SomeReactions<View>, event: LineupEvent, view: View): string {
  const reaction = reactions[event.type] as Reaction<EventType, View> | null | undefined;
  return reaction ? reaction(event as never, view) : '';
}

/** Every type, in the catalogue's order. */
export const EVENT_TYPES = Object.keys(DELIVERY) as EventType[];
