import { blob, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * How the team presents itself to visitors (one row, id 1): its name, an accent colour checked
 * for contrast, and a logo (PNG, JPEG or WebP up to 200 KB, kept in the database, backed up with it).
 */
export const branding = sqliteTable('branding', {
  id: integer('id').primaryKey(),
  /** Shown on every visitor page, in mail and in the authenticator app; empty: a neutral "Support". */
  teamName: text('team_name').notNull().default(''),
  /** '#rrggbb', or empty for Lineup's own colours. */
  accent: text('accent').notNull().default(''),
  logoMime: text('logo_mime'),
  logoBytes: blob('logo_bytes', { mode: 'buffer' }),
  /** Changes with every save: part of the logo's address, so it is cached for good. */
  version: integer('version').notNull().default(0),
});

export const NOTICE_KINDS = ['info', 'status'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The general information above the intake and the operations/status notice below it, per language (markdown subset). */
export const brandNotices = sqliteTable('brand_notices', {
  lang: text('lang').notNull(),
  kind: text('kind', { enum: NOTICE_KINDS }).notNull(),
  body: text('body').notNull(),
}, (t) => [primaryKey({ columns: [t.lang, t.kind] })]);
