import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { supporters } from '../supporters/schema.ts';

/** A reply kept for reuse: personal (ownerId set) or shared by the team (ownerId null, managed by admins). */
export const cannedReplies = sqliteTable('canned_replies', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  ownerId: integer('owner_id').references(() => supporters.id),
  /** Short name typed after "/" in the message box. */
  name: text('name').notNull(),
  body: text('body').notNull(),
  createdAt: integer('created_at').notNull(),
  updatedAt: integer('updated_at').notNull(),
}, (t) => [index('canned_replies_owner').on(t.ownerId, t.name)]);
