import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const FAQ_STATES = ['draft', 'review', 'published', 'archived'] as const;
export type FaqState = (typeof FAQ_STATES)[number];

/**
 * An FAQ entry: a question and its answer (the supporters' safe markdown subset), in one
 * language, curated from transcripts. Only published entries are public; its versions in other
 * languages point at the first (`versionOf`).
 */
export const faqEntries = sqliteTable('faq_entries', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  state: text('state', { enum: FAQ_STATES }).notNull().default('draft'),
  language: text('language').notNull(),
  question: text('question').notNull(),
  answer: text('answer').notNull(),
  topicId: integer('topic_id'),
  /** The sites it shows on, as a JSON array of ids; empty: every site and the intake page. */
  sites: text('sites').notNull().default('[]'),
  versionOf: integer('version_of'),
  /** Words the personal-data check found that a supporter said may stay (a shop's own address). */
  cleared: text('cleared').notNull().default('[]'),
  authorId: integer('author_id').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
  publishedAt: integer('published_at'),
  helpful: integer('helpful').notNull().default(0),
  notHelpful: integer('not_helpful').notNull().default(0),
  views: integer('views').notNull().default(0),
}, (t) => [index('faq_entries_state').on(t.state, t.updatedAt), index('faq_entries_version').on(t.versionOf)]);

/** The transcripts an entry was made from: for the team only, never shown publicly. */
export const faqSources = sqliteTable('faq_sources', {
  entryId: integer('entry_id').notNull(),
  ticketId: integer('ticket_id').notNull(),
}, (t) => [primaryKey({ columns: [t.entryId, t.ticketId] }), index('faq_sources_ticket').on(t.ticketId)]);

/** Every change to an entry: who, when, and the entry as it then was. */
export const faqRevisions = sqliteTable('faq_revisions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  entryId: integer('entry_id').notNull(),
  supporterId: integer('supporter_id'),
  at: integer('at').notNull(),
  state: text('state').notNull(),
  question: text('question').notNull(),
  answer: text('answer').notNull(),
  /** What the change was: edited, sent for review, published, archived, back to draft. */
  change: text('change').notNull(),
}, (t) => [index('faq_revisions_entry').on(t.entryId, t.id)]);

/** "Was this helpful?": one answer per visitor (their visitor key, hashed) and entry. */
export const faqVotes = sqliteTable('faq_votes', {
  entryId: integer('entry_id').notNull(),
  voter: text('voter').notNull(),
  helpful: integer('helpful', { mode: 'boolean' }).notNull(),
  at: integer('at').notNull(),
}, (t) => [primaryKey({ columns: [t.entryId, t.voter] })]);
