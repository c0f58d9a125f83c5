import { blob, index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const ROLES = ['admin', 'supervisor', 'supporter'] as const;
export type Role = (typeof ROLES)[number];
/** What a supporter chooses in the status menu; a break is taken apart (src/presence/breaks.ts). */
export const STATUSES = ['available', 'away'] as const;
export type SupporterStatus = (typeof STATUSES)[number] | 'break';
/**
 * Where a supporter is (src/presence/presence.ts): on the desk (taking new tickets), elsewhere in
 * Lineup (a staff page open, tickets kept, no new ones), gone (no page open; their tickets wait
 * out the grace period) or offline.
 */
export const PLACES = ['desk', 'elsewhere', 'gone', 'offline'] as const;
export type Place = (typeof PLACES)[number];

export const supporters = sqliteTable('supporters', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** Stored lower-cased; unique. */
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull().default(true),
  status: text('status', { enum: [...STATUSES, 'break'] }).notNull().default('available'),
  statusMessage: text('status_message').notNull().default(''),
  /** On a break: its reason's names (JSON, as the admin's list had them then) and when it began. */
  breakReason: text('break_reason'),
  breakSince: integer('break_since'),
  /** Chats held at once before no more are offered (0: no limit); null: their groups' default. */
  capacity: integer('capacity'),
  /** The languages they speak, as primary language subtags by preference ("da en ru"). */
  languages: text('languages').notNull().default(''),
  /** Presence is data: set while any staff page is open or within the grace period after, cleared on leave or when lastSeenAt goes stale. Held tickets stay while it is set. */
  online: integer('online', { mode: 'boolean' }).notNull().default(false),
  /** Which page keeps them online (`online` is `place != 'offline'`); only 'desk' takes new tickets. */
  place: text('place', { enum: PLACES }).notNull().default('offline'),
  lastSeenAt: integer('last_seen_at'),
  /** Whether a new ticket joining the line notifies this supporter (sound and desktop notification). */
  notifyNewTickets: integer('notify_new_tickets', { mode: 'boolean' }).notNull().default(false),
  createdAt: integer('created_at').notNull(),
  /** Changes with each new photo (part of its address, so it can be cached for good); null: no photo, initials instead. */
  photoVersion: integer('photo_version'),
  /**
   * When an admin deleted the account. The row stays (disabled, its e-mail freed) so that
   * transcripts, notes and team chat keep the name as it was; lists leave it out.
   */
  deletedAt: integer('deleted_at'),
  /** When an admin invited them by e-mail; cleared once they chose a password from the link (until then they cannot sign in). */
  invitedAt: integer('invited_at'),
  /** The shared secret of their authenticator app (Base32), once two-factor sign-in is on; null: off. */
  totpSecret: text('totp_secret'),
  /** The RFC 6238 time step of the last code accepted: a code is good once (a code seen over a shoulder is spent). */
  totpLastStep: integer('totp_last_step'),
});

/** Each supporter's photo (at most 1 MB, PNG, JPEG or WebP by its bytes): kept in the database, backed up with it. */
export const supporterPhotos = sqliteTable('supporter_photos', {
  supporterId: integer('supporter_id').primaryKey().references(() => supporters.id),
  mime: text('mime').notNull(),
  bytes: blob('bytes', { mode: 'buffer' }).notNull(),
});

export const sessions = sqliteTable('sessions', {
  idHash: text('id_hash').primaryKey(),
  supporterId: integer('supporter_id').notNull().references(() => supporters.id),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  /** The browser and system it was signed in from ("Firefox 140 on Windows"), for the account page's list. */
  device: text('device').notNull().default(''),
  /** When it was last used, to the minute (refreshed at most once a minute, not on every request). */
  lastSeenAt: integer('last_seen_at'),
}, (t) => [index('sessions_supporter').on(t.supporterId)]);

export const loginFailures = sqliteTable('login_failures', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  /** "account:<email>" or "address:<ip>" */
  key: text('key').notNull(),
  at: integer('at').notNull(),
}, (t) => [index('login_failures_key_at').on(t.key, t.at)]);

export const LINK_PURPOSES = ['reset', 'invite'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

/**
 * One-time links by e-mail that let a supporter choose a password: a reset (valid an hour) or an
 * invitation (valid a week). Only the token's hash is kept; a link works once, and a newer link
 * (or a password set any other way) voids the older ones.
 */
export const accountLinks = sqliteTable('account_links', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tokenHash: text('token_hash').notNull().unique(),
  supporterId: integer('supporter_id').notNull().references(() => supporters.id),
  purpose: text('purpose', { enum: LINK_PURPOSES }).notNull(),
  createdAt: integer('created_at').notNull(),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
}, (t) => [index('account_links_supporter').on(t.supporterId)]);

/** Ten single-use codes per supporter for signing in without the authenticator app; only their hashes are kept. */
export const recoveryCodes = sqliteTable('recovery_codes', {
  codeHash: text('code_hash').primaryKey(),
  supporterId: integer('supporter_id').notNull().references(() => supporters.id),
  usedAt: integer('used_at'),
}, (t) => [index('recovery_codes_supporter').on(t.supporterId)]);

export const SIGN_IN_STEPS = ['code', 'enroll'] as const;
export type SignInStep = (typeof SIGN_IN_STEPS)[number];

/**
 * A sign-in half done: the password was right, the second factor is still due ('code'), or must
 * first be set up because the team requires it ('enroll'). No session exists until it is done;
 * the browser holds the key (hashed here) for a few minutes and a few tries.
 */
export const signInSteps = sqliteTable('sign_in_steps', {
  keyHash: text('key_hash').primaryKey(),
  supporterId: integer('supporter_id').notNull().references(() => supporters.id),
  step: text('step', { enum: SIGN_IN_STEPS }).notNull(),
  expiresAt: integer('expires_at').notNull(),
  attempts: integer('attempts').notNull().default(0),
  device: text('device').notNull().default(''),
});

/** Every break taken, for reports: who, why (the reason's names, JSON), from when to when (null: not over). */
export const breaks = sqliteTable('breaks', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  supporterId: integer('supporter_id').notNull().references(() => supporters.id),
  reason: text('reason').notNull(),
  startedAt: integer('started_at').notNull(),
  endedAt: integer('ended_at'),
}, (t) => [index('breaks_supporter').on(t.supporterId, t.startedAt), index('breaks_started').on(t.startedAt)]);
