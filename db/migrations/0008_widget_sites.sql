CREATE TABLE `invite_stats` (
	`site_id` integer NOT NULL,
	`day` text NOT NULL,
	`shown` integer DEFAULT 0 NOT NULL,
	`accepted` integer DEFAULT 0 NOT NULL,
	`declined` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`site_id`, `day`),
	FOREIGN KEY (`site_id`) REFERENCES `sites`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `sites` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`name` text NOT NULL,
	`origins` text NOT NULL,
	`secret` text NOT NULL,
	`invite_after_seconds` integer,
	`invite_pattern` text DEFAULT '' NOT NULL,
	`invite_greeting` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sites_key_unique` ON `sites` (`key`);--> statement-breakpoint
ALTER TABLE `tickets` ADD `site_id` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `visitor_verified` integer DEFAULT false NOT NULL;