import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** A website that embeds Lineup's widget: where it may be embedded, and how it invites visitors. */
export const sites = sqliteTable('sites', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Public id used in the embed snippet (data-site). */
  key: text('key').notNull().unique(),
  name: text('name').notNull(),
  /** Origins allowed to embed the widget, space-separated (https://shop.example). */
  origins: text('origins').notNull(),
  /** Secret for HMAC-signed visitor identity (name and e-mail of a signed-in visitor). */
  secret: text('secret').notNull(),
  /** Proactive invitation: after this many seconds on a matching page (null: never). */
  inviteAfterSeconds: integer('invite_after_seconds'),
  /** Pages the invitation shows on: a URL prefix or a pattern with * wildcards; empty: every page. */
  invitePattern: text('invite_pattern').notNull().default(''),
  inviteGreeting: text('invite_greeting').notNull().default(''),
  /** How the widget presents itself on this site, over the team's branding (empty: the team's). */
  widgetName: text('widget_name').notNull().default(''),
  widgetAccent: text('widget_accent').notNull().default(''),
  /** The heading above the widget's form, instead of "How can we help?". */
  widgetGreeting: text('widget_greeting').notNull().default(''),
  /** Which topics the widget asks about here: '' every shown topic, 'none' it does not ask, else topic ids, space-separated. */
  topics: text('topics').notNull().default(''),
  createdAt: integer('created_at').notNull(),
});

/** Invitations shown, accepted and declined per site and day: "No thanks" is counted apart from chats. */
export const inviteStats = sqliteTable('invite_stats', {
  siteId: integer('site_id').notNull().references(() => sites.id),
  day: text('day').notNull(),
  shown: integer('shown').notNull().default(0),
  accepted: integer('accepted').notNull().default(0),
  declined: integer('declined').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.siteId, t.day] })]);
