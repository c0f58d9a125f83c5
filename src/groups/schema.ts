import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { supporters } from '../supporters/schema.ts';

/**
 * line: receives new tickets; overflow: a second wave behind a line group; transfer: reached only
 * by a hand-over (second and third line).
 */
export const GROUP_KINDS = ['line', 'overflow', 'transfer'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];
/** Where a ticket handed to the group waits: at its old place by arrival, or at the front. */
export const TRANSFER_PLACES = ['arrival', 'front'] as const;
export type TransferPlace = (typeof TRANSFER_PLACES)[number];

/** A set of supporters with a line of its own (tiers L1-L3 are groups with an order). */
export const groups = sqliteTable('groups', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** The name in each language the team writes it in: a JSON object such as {"en":"Second line","da":"Anden linje"}. */
  names: text('names').notNull(),
  kind: text('kind', { enum: GROUP_KINDS }).notNull().default('line'),
  /** Lower first: the first line group takes new tickets when nothing else decides. */
  position: integer('position').notNull(),
  transferPlace: text('transfer_place', { enum: TRANSFER_PLACES }).notNull().default('arrival'),
  /** Disabled: no new tickets and no transfers in; running chats go on. */
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  /** How many chats a member holds at once before Lineup stops offering them more (0: no limit); a supporter's own limit wins. */
  capacity: integer('capacity').notNull().default(0),
  /** A temporary group (a product launch) closes softly by itself from this time on; null: never. */
  endsAt: integer('ends_at'),
  /** Seconds a ticket waits unclaimed before Lineup offers it to one member at a time (0: offers off). */
  offerAfter: integer('offer_after').notNull().default(30),
  /** Seconds an offer rings before it lapses and the next candidate's desk rings. */
  offerRing: integer('offer_ring').notNull().default(20),
  /** Rounds of offers to every candidate before the ticket widens to the second wave. */
  offerRounds: integer('offer_rounds').notNull().default(2),
  /** The candidate rules switched on, by name, space-separated (see src/groups/candidates.ts). */
  offerRules: text('offer_rules').notNull().default('helper language fewest'),
  /** The overflow group behind this one (its second wave), if any. */
  overflowId: integer('overflow_id'),
  /** Seconds a ticket waits here before the second wave sees it too (0: only after the offers' rounds, or when nobody here is available). */
  waveAfter: integer('wave_after').notNull().default(120),
  /** Service norms in minutes (src/sla/): claim, first reply, every reply; null: the team's; 0: none. */
  slaClaim: integer('sla_claim'),
  slaFirstReply: integer('sla_first_reply'),
  slaReply: integer('sla_reply'),
  /** Whether the group's own supporters see its broken norms on their desks too (supervisors always do). */
  slaAlertMembers: integer('sla_alert_members', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
});

/** Who belongs to which group; a supporter may be in several. */
export const groupMembers = sqliteTable('group_members', {
  groupId: integer('group_id').notNull().references(() => groups.id),
  supporterId: integer('supporter_id').notNull().references(() => supporters.id),
}, (t) => [primaryKey({ columns: [t.groupId, t.supporterId] }), index('group_members_supporter').on(t.supporterId)]);

/**
 * What a ticket can be about ("What is it about?" on the intake and in the widget), each topic
 * leading to a group's line. Hidden topics are no longer offered; tickets keep theirs.
 */
export const topics = sqliteTable('topics', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** The name in each language, as for groups: a JSON object such as {"en":"Billing","da":"Fakturering"}. */
  names: text('names').notNull(),
  groupId: integer('group_id').notNull().references(() => groups.id),
  position: integer('position').notNull(),
  hidden: integer('hidden', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
});

