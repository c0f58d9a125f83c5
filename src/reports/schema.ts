import { sql } from 'drizzle-orm';
import { blob, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * One row per ticket that has ended (closed, left the line, abandoned, or an offline message),
 * written in the same change that ended it (src/reports/facts.ts): the conversation export and
 * any report narrower than the day tables below read it. Times are whole seconds; `day` is the
 * team's local date the ticket was opened on.
 */
export const reportFacts = sqliteTable('report_facts', {
  ticketId: integer('ticket_id').primaryKey(),
  day: text('day').notNull(),
  createdAt: integer('created_at').notNull(),
  endedAt: integer('ended_at').notNull(),
  /** closed, left, abandoned or offline. */
  outcome: text('outcome').notNull(),
  /** 0 for none, so the day tables' keys never hold NULL (which a unique key treats as distinct). */
  groupId: integer('group_id').notNull(),
  siteId: integer('site_id').notNull(),
  language: text('language').notNull(),
  topicId: integer('topic_id').notNull(),
  /** Who held it last (0: nobody), and the supporters who held it, space-separated, in order. */
  supporterId: integer('supporter_id').notNull(),
  supporters: text('supporters').notNull(),
  waitS: integer('wait_s'),
  firstReplyS: integer('first_reply_s'),
  durationS: integer('duration_s'),
  replyN: integer('reply_n').notNull(),
  replySumS: integer('reply_sum_s').notNull(),
  /** The slowest reply, for the archive's highlight. */
  replyMaxS: integer('reply_max_s'),
  rating: integer('rating'),
  /** 1 when the rating came with a comment (the reports list the latest). */
  commented: integer('commented').notNull(),
  transfers: integer('transfers').notNull(),
  breachClaim: integer('breach_claim').notNull(),
  breachFirstReply: integer('breach_first_reply').notNull(),
  breachReply: integer('breach_reply').notNull(),
  complaints: integer('complaints').notNull(),
}, (t) => [
  index('report_facts_day').on(t.day),
  index('report_facts_commented').on(t.day).where(sql`commented = 1`),
]);

/**
 * The sums every day and month table keeps, and the histograms of wait, first reply and duration
 * percentiles are read from (one blob: src/reports/histogram.ts). A function: each table gets
 * columns of its own.
 */
const sums = () => ({
  tickets: integer('tickets').notNull().default(0),
  claimed: integer('claimed').notNull().default(0),
  closed: integer('closed').notNull().default(0),
  abandoned: integer('abandoned').notNull().default(0),
  left: integer('left_line').notNull().default(0),
  offline: integer('offline').notNull().default(0),
  transfers: integer('transfers').notNull().default(0),
  waitN: integer('wait_n').notNull().default(0),
  waitSum: integer('wait_sum').notNull().default(0),
  firstReplyN: integer('first_reply_n').notNull().default(0),
  firstReplySum: integer('first_reply_sum').notNull().default(0),
  replyN: integer('reply_n').notNull().default(0),
  replySum: integer('reply_sum').notNull().default(0),
  durationN: integer('duration_n').notNull().default(0),
  durationSum: integer('duration_sum').notNull().default(0),
  ratingN: integer('rating_n').notNull().default(0),
  ratingSum: integer('rating_sum').notNull().default(0),
  rating1: integer('rating_1').notNull().default(0),
  rating2: integer('rating_2').notNull().default(0),
  rating3: integer('rating_3').notNull().default(0),
  rating4: integer('rating_4').notNull().default(0),
  rating5: integer('rating_5').notNull().default(0),
  breachClaim: integer('breach_claim').notNull().default(0),
  breachFirstReply: integer('breach_first_reply').notNull().default(0),
  breachReply: integer('breach_reply').notNull().default(0),
  complaints: integer('complaints').notNull().default(0),
  hists: blob('hists', { mode: 'buffer' }),
});

/** The key of the team's rows: the day ('YYYY-MM-DD') or month ('YYYY-MM'), group, site, language, topic. */
const teamKey = () => ({
  day: text('day').notNull(), groupId: integer('group_id').notNull(), siteId: integer('site_id').notNull(),
  language: text('language').notNull(), topicId: integer('topic_id').notNull(),
});

/** The team's figures per day and per month: what reports without a supporter read (months for the whole months of a period). */
export const reportTeamDays = sqliteTable('report_team_days', { ...teamKey(), ...sums() },
  (t) => [primaryKey({ columns: [t.day, t.groupId, t.siteId, t.language, t.topicId] })]);
export const reportTeamMonths = sqliteTable('report_team_months', { ...teamKey(), ...sums() },
  (t) => [primaryKey({ columns: [t.day, t.groupId, t.siteId, t.language, t.topicId] })]);

/** The same per supporter too (the ticket's last holder; 0 for none). */
export const reportSupporterDays = sqliteTable('report_supporter_days', { supporterId: integer('supporter_id').notNull(), ...teamKey(), ...sums() },
  (t) => [primaryKey({ columns: [t.day, t.supporterId, t.groupId, t.siteId, t.language, t.topicId] }), index('report_supporter_days_who').on(t.supporterId, t.day)]);
export const reportSupporterMonths = sqliteTable('report_supporter_months', { supporterId: integer('supporter_id').notNull(), ...teamKey(), ...sums() },
  (t) => [primaryKey({ columns: [t.day, t.supporterId, t.groupId, t.siteId, t.language, t.topicId] }), index('report_supporter_months_who').on(t.supporterId, t.day)]);

export const PRESENCE_STATES = ['available', 'away', 'break'] as const;
export type PresenceState = (typeof PRESENCE_STATES)[number];

/**
 * Each supporter's time online, as intervals in one state (available, away, on a break); none
 * while offline. A closed interval never crosses the team's midnight (it is cut there when it
 * closes), so a day's timeline reads that day's rows only; the open one has no end yet.
 */
export const presenceLog = sqliteTable('presence_log', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  supporterId: integer('supporter_id').notNull(),
  state: text('state', { enum: PRESENCE_STATES }).notNull(),
  startedAt: integer('started_at').notNull(),
  endedAt: integer('ended_at'),
}, (t) => [
  index('presence_log_open').on(t.supporterId).where(sql`ended_at IS NULL`),
  index('presence_log_time').on(t.startedAt),
]);

/** Seconds online per supporter and local day, by state: what hours in reports over long periods read. */
export const presenceDays = sqliteTable('presence_days', {
  day: text('day').notNull(),
  supporterId: integer('supporter_id').notNull(),
  availableS: integer('available_s').notNull().default(0),
  awayS: integer('away_s').notNull().default(0),
  breakS: integer('break_s').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.day, t.supporterId] }), index('presence_days_who').on(t.supporterId, t.day)]);
