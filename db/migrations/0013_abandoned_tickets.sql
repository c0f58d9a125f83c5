-- A waiting ticket whose visitor has had no page open for a while leaves the line as abandoned
-- (src/line/abandon.ts); the index holds only waiting tickets whose visitor is gone.
ALTER TABLE `tickets` ADD `abandoned_at` integer;
--> statement-breakpoint
CREATE INDEX `tickets_waiting_gone` ON `tickets` (`visitor_seen_at`) WHERE state = 'waiting' AND visitor_online = 0;
--> statement-breakpoint
-- Tickets opened before this version count from when they were opened.
UPDATE `tickets` SET `visitor_seen_at` = `created_at` WHERE `visitor_seen_at` IS NULL;
