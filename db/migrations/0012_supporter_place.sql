-- Where a supporter is: on the desk, elsewhere in Lineup, gone (within the grace period) or
-- offline. Rows online before this version were online through their desk.
ALTER TABLE `supporters` ADD `place` text DEFAULT 'offline' NOT NULL;
--> statement-breakpoint
UPDATE `supporters` SET `place` = 'desk' WHERE `online` = 1;
