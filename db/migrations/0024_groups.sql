CREATE TABLE `group_members` (
	`group_id` integer NOT NULL,
	`supporter_id` integer NOT NULL,
	PRIMARY KEY(`group_id`, `supporter_id`),
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supporter_id`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `group_members_supporter` ON `group_members` (`supporter_id`);--> statement-breakpoint
CREATE TABLE `groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`names` text NOT NULL,
	`kind` text DEFAULT 'line' NOT NULL,
	`position` integer NOT NULL,
	`transfer_place` text DEFAULT 'arrival' NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`ends_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
DROP INDEX `tickets_line_order`;--> statement-breakpoint
ALTER TABLE `tickets` ADD `group_id` integer REFERENCES groups(id);--> statement-breakpoint
ALTER TABLE `tickets` ADD `line_key` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `tickets_group_line` ON `tickets` (`group_id`,`state`,`line_key`);--> statement-breakpoint
CREATE INDEX `tickets_line_order` ON `tickets` (`state`,`line_key`);--> statement-breakpoint
INSERT INTO `groups` (`names`, `kind`, `position`, `created_at`) VALUES ('{"en":"First line","da":"Første linje","ru":"Первая линия"}', 'line', 1, CAST(strftime('%s', 'now') AS integer) * 1000);--> statement-breakpoint
INSERT INTO `group_members` (`group_id`, `supporter_id`) SELECT (SELECT min(`id`) FROM `groups`), `id` FROM `supporters` WHERE `deleted_at` IS NULL;--> statement-breakpoint
UPDATE `tickets` SET `group_id` = (SELECT min(`id`) FROM `groups`), `line_key` = `id`;
