CREATE TABLE `arrival_hours` (
	`hour` integer PRIMARY KEY NOT NULL,
	`tickets` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `load_samples` ADD `chats` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `load_samples` ADD `busy` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `tickets_visitor_email` ON `tickets` (lower(visitor_email)) WHERE visitor_email IS NOT NULL;--> statement-breakpoint
CREATE INDEX `tickets_abandoned` ON `tickets` (`abandoned_at`) WHERE state = 'abandoned';--> statement-breakpoint
-- The forecast's history from the tickets kept so far (offline messages never joined a line).
INSERT INTO `arrival_hours` (`hour`, `tickets`)
  SELECT `created_at` - `created_at` % 3600000, count(*) FROM `tickets` WHERE `offline` = 0 GROUP BY 1;
