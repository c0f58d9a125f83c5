CREATE TABLE `breaks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`supporter_id` integer NOT NULL,
	`reason` text NOT NULL,
	`started_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`supporter_id`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `breaks_supporter` ON `breaks` (`supporter_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `breaks_started` ON `breaks` (`started_at`);--> statement-breakpoint
ALTER TABLE `supporters` ADD `break_reason` text;--> statement-breakpoint
ALTER TABLE `supporters` ADD `break_since` integer;