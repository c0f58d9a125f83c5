CREATE TABLE `faq_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`state` text DEFAULT 'draft' NOT NULL,
	`language` text NOT NULL,
	`question` text NOT NULL,
	`answer` text NOT NULL,
	`topic_id` integer,
	`sites` text DEFAULT '[]' NOT NULL,
	`version_of` integer,
	`cleared` text DEFAULT '[]' NOT NULL,
	`author_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`published_at` integer,
	`helpful` integer DEFAULT 0 NOT NULL,
	`not_helpful` integer DEFAULT 0 NOT NULL,
	`views` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `faq_entries_state` ON `faq_entries` (`state`,`updated_at`);--> statement-breakpoint
CREATE INDEX `faq_entries_version` ON `faq_entries` (`version_of`);--> statement-breakpoint
CREATE TABLE `faq_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`entry_id` integer NOT NULL,
	`supporter_id` integer,
	`at` integer NOT NULL,
	`state` text NOT NULL,
	`question` text NOT NULL,
	`answer` text NOT NULL,
	`change` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `faq_revisions_entry` ON `faq_revisions` (`entry_id`,`id`);--> statement-breakpoint
CREATE TABLE `faq_sources` (
	`entry_id` integer NOT NULL,
	`ticket_id` integer NOT NULL,
	PRIMARY KEY(`entry_id`, `ticket_id`)
);
--> statement-breakpoint
CREATE INDEX `faq_sources_ticket` ON `faq_sources` (`ticket_id`);--> statement-breakpoint
CREATE TABLE `faq_votes` (
	`entry_id` integer NOT NULL,
	`voter` text NOT NULL,
	`helpful` integer NOT NULL,
	`at` integer NOT NULL,
	PRIMARY KEY(`entry_id`, `voter`)
);
--> statement-breakpoint
-- The FAQ's search: question and answer, the same tokenizer and prefixes as transcript search,
-- kept by triggers (entries change seldom; the public side only reads).
CREATE VIRTUAL TABLE faq_fts USING fts5(
  question,
  answer,
  content='faq_entries',
  content_rowid='id',
  tokenize='unicode61 remove_diacritics 2',
  prefix='2 3'
);
--> statement-breakpoint
CREATE TRIGGER faq_fts_insert AFTER INSERT ON faq_entries BEGIN
  INSERT INTO faq_fts(rowid, question, answer) VALUES (new.id, new.question, new.answer);
END;
--> statement-breakpoint
CREATE TRIGGER faq_fts_delete AFTER DELETE ON faq_entries BEGIN
  INSERT INTO faq_fts(faq_fts, rowid, question, answer) VALUES ('delete', old.id, old.question, old.answer);
END;
--> statement-breakpoint
CREATE TRIGGER faq_fts_update AFTER UPDATE OF question, answer ON faq_entries BEGIN
  INSERT INTO faq_fts(faq_fts, rowid, question, answer) VALUES ('delete', old.id, old.question, old.answer);
  INSERT INTO faq_fts(rowid, question, answer) VALUES (new.id, new.question, new.answer);
END;
