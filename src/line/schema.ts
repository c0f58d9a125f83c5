import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { groups, topics } from '../groups/schema.ts';
import { supporters } from '../supporters/schema.ts';

/** 'abandoned': left the line because the visitor had no page open for a while; it rejoins at its old place if they come back in time. */
export const TICKET_STATES = ['waiting', 'claimed', 'closed', 'abandoned'] as const;

export const tickets = sqliteTable('tickets', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** sha256 of the visitor's token; the token itself only lives in the visitor's URL and cookie. */
  tokenHash: text('token_hash').notNull().unique(),
  visitorName: text('visitor_name').notNull(),
  visitorEmail: text('visitor_email'),
  problem: text('problem').notNull(),
  state: text('state', { enum: TICKET_STATES }).notNull().default('waiting'),
  /** An away visitor keeps their place but is skipped by claims. */
  away: integer('away', { mode: 'boolean' }).notNull().default(false),
  /** What an away visitor left for the supporter ("back at 3 pm"); cleared when they are back. */
  awayMessage: text('away_message'),
  supporterId: integer('supporter_id').references(() => supporters.id),
  /** Place in line is by arrival, which is id order. */
  createdAt: integer('created_at').notNull(),
  claimedAt: integer('claimed_at'),
  closedAt: integer('closed_at'),
  resolution: text('resolution'),
  visitorOnline: integer('visitor_online', { mode: 'boolean' }).notNull().default(false),
  visitorSeenAt: integer('visitor_seen_at'),
  /** When the ticket left the line for want of a visitor (state 'abandoned'). */
  abandonedAt: integer('abandoned_at'),
  /** The browser's long-lived visitor key (see visitors): earlier tickets and blocks go by it. */
  visitorKey: text('visitor_key'),
  visitorIp: text('visitor_ip'),
  visitorAgent: text('visitor_agent'),
  visitorLanguage: text('visitor_language'),
  /** The languages the visitor reads, most preferred first ("ru en"): the one they chose, then the browser's by q-value. */
  visitorLanguages: text('visitor_languages').notNull().default(''),
  visitorTimezone: text('visitor_timezone'),
  visitorScreen: text('visitor_screen'),
  /** The page the visitor came from, and the page they are on now (the widget keeps it current). */
  cameFrom: text('came_from'),
  currentPage: text('current_page'),
  /** Supporters' free-text comment and custom fields (a JSON object of short strings). */
  comment: text('comment').notNull().default(''),
  customFields: text('custom_fields').notNull().default('{}'),
  meetingUrl: text('meeting_url'),
  escalatedAt: integer('escalated_at'),
  /** Left through the offline form: a message for the team, not a place in the live line. */
  offline: integer('offline', { mode: 'boolean' }).notNull().default(false),
  /** The visitor's rating (1-5) and comment, or a "No thanks"; asked for by the supporter or on close. */
  rating: integer('rating'),
  ratingComment: text('rating_comment'),
  ratedAt: integer('rated_at'),
  ratingDeclined: integer('rating_declined', { mode: 'boolean' }).notNull().default(false),
  ratingAskedAt: integer('rating_asked_at'),
  /** The embedding site (widget), and whether its signed token vouched for the name and e-mail. */
  siteId: integer('site_id'),
  visitorVerified: integer('visitor_verified', { mode: 'boolean' }).notNull().default(false),
  /** The group whose line the ticket waits in (or last waited in). */
  groupId: integer('group_id').references(() => groups.id),
  /**
   * The line's order: the ticket's id (its arrival) unless a hand-over put it at the front of a
   * group's line (a key below that line's first). Every line sorts by it.
   */
  lineKey: integer('line_key').notNull().default(0),
  /** What the visitor said it is about (a topic), if they were asked. */
  topicId: integer('topic_id').references(() => topics.id),
  /**
   * Routing (src/offers/): when Lineup next looks at this waiting ticket (to offer it, to let a
   * ringing offer lapse, to widen it to the second wave); null when nothing is due.
   */
  nextOfferAt: integer('next_offer_at'),
  /** How many times every candidate has had the ticket offered in this wave. */
  offerRound: integer('offer_round').notNull().default(0),
  /** When the group's second wave sees it too if nobody took it first; null: no second wave. */
  waveAt: integer('wave_at'),
  /** The overflow group (second wave) that sees the ticket too, once it widened. */
  waveGroupId: integer('wave_group_id').references(() => groups.id),
  /**
   * Service norms (src/sla/): the norm running now and its deadline (shown on the desk, kept once
   * passed until the norm is met), and when its breach is still to be recorded (the timer's).
   */
  slaNorm: text('sla_norm'),
  slaDeadline: integer('sla_deadline'),
  slaDueAt: integer('sla_due_at'),
  /** When a supporter first answered the visitor (reports, and the first-reply norm). */
  firstReplyAt: integer('first_reply_at'),
  /** When it was first claimed (`claimed_at` is the latest claim, cleared when it goes back to a line): reports' wait. */
  firstClaimedAt: integer('first_claimed_at'),
}, (t) => [
  index('tickets_line_order').on(t.state, t.lineKey),
  index('tickets_group_line').on(t.groupId, t.state, t.lineKey),
  index('tickets_supporter').on(t.supporterId, t.state),
  index('tickets_closed').on(t.closedAt),
  // Recent claims, for the visitor's expected wait (src/line/wait-estimate.ts).
  index('tickets_claimed').on(t.claimedAt),
  // Today's tickets on the supervisors' dashboard (src/supervision/dashboard.ts).
  index('tickets_created').on(t.createdAt),
  index('tickets_visitor_key').on(t.visitorKey, t.id),
  // One visitor's data on request (src/retention/visitor-data.ts), by the address they gave.
  index('tickets_visitor_email').on(sql`lower(visitor_email)`).where(sql`visitor_email IS NOT NULL`),
  // Retention removes abandoned tickets by when they left the line.
  index('tickets_abandoned').on(t.abandonedAt).where(sql`state = 'abandoned'`),
  // The presence sweep looks only at visitors marked online; the table itself grows for ever.
  index('tickets_visitor_online').on(t.visitorSeenAt).where(sql`visitor_online = 1`),
  // Waiting tickets whose visitor has no page open, oldest first: what the abandon check reads.
  // Routing reads only the tickets something is due for, soonest first (no scan of the line).
  index('tickets_offer_due').on(t.nextOfferAt).where(sql`next_offer_at IS NOT NULL`),
  index('tickets_sla_due').on(t.slaDueAt).where(sql`sla_due_at IS NOT NULL`),
  index('tickets_wave_line').on(t.waveGroupId, t.state, t.lineKey).where(sql`wave_group_id IS NOT NULL`),
  index('tickets_waiting_gone').on(t.visitorSeenAt).where(sql`state = 'waiting' AND visitor_online = 0`),
]);

/**
 * Further keys to a ticket page, for links sent by e-mail: the visitor's own token is only ever
 * in their browser, so a mail gets a key of its own (stored hashed, like the token).
 */
export const ticketLinks = sqliteTable('ticket_links', {
  tokenHash: text('token_hash').primaryKey(),
  ticketId: integer('ticket_id').notNull().references(() => tickets.id),
  createdAt: integer('created_at').notNull(),
}, (t) => [index('ticket_links_ticket').on(t.ticketId)]);
