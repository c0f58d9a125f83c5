-- Messages are indexed for search in batches (src/transcripts/indexer.ts), not by a trigger in
-- every commit: a trigger made each commit write a new index segment and merge segments, which
-- was most of what a message cost. search_progress says how far the index has caught up.
CREATE TABLE `search_progress` (
	`id` integer PRIMARY KEY NOT NULL,
	`indexed_up_to` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO `search_progress` (`id`, `indexed_up_to`) SELECT 1, coalesce(max(`id`), 0) FROM `messages`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS messages_fts_insert;
--> statement-breakpoint
DROP TRIGGER IF EXISTS messages_fts_delete;
--> statement-breakpoint
-- Only what was indexed can be taken out of the index (deleting what never was would corrupt it).
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
WHEN old.author != 'system' AND old.id <= (SELECT indexed_up_to FROM search_progress WHERE id = 1) BEGIN
  INSERT INTO messages_fts(messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
END;
