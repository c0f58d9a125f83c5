CREATE TABLE `blocks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`visitor_key` text,
	`ip` text,
	`label` text DEFAULT '' NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`created_by` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`created_by`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `blocks_visitor` ON `blocks` (`visitor_key`);--> statement-breakpoint
CREATE INDEX `blocks_ip` ON `blocks` (`ip`);--> statement-breakpoint
CREATE TABLE `visitors` (
	`key` text PRIMARY KEY NOT NULL,
	`first_seen_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `team_messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`supporter_id` integer NOT NULL,
	`body` text NOT NULL,
	`client_nonce` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`supporter_id`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `team_messages_created` ON `team_messages` (`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `team_messages_nonce` ON `team_messages` (`supporter_id`,`client_nonce`);--> statement-breakpoint
CREATE TABLE `ticket_helpers` (
	`ticket_id` integer NOT NULL,
	`supporter_id` integer NOT NULL,
	`added_at` integer NOT NULL,
	PRIMARY KEY(`ticket_id`, `supporter_id`),
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supporter_id`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_helpers_supporter` ON `ticket_helpers` (`supporter_id`);--> statement-breakpoint
CREATE TABLE `transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`from_id` integer NOT NULL,
	`to_id` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`state` text DEFAULT 'pending' NOT NULL,
	`created_at` integer NOT NULL,
	`answered_at` integer,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`from_id`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_id`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `transfers_to` ON `transfers` (`to_id`,`state`);--> statement-breakpoint
CREATE INDEX `transfers_ticket` ON `transfers` (`ticket_id`,`state`);--> statement-breakpoint
CREATE INDEX `transfers_pending` ON `transfers` (`state`,`created_at`);--> statement-breakpoint
CREATE TABLE `canned_replies` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`owner_id` integer,
	`name` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`owner_id`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `canned_replies_owner` ON `canned_replies` (`owner_id`,`name`);--> statement-breakpoint
ALTER TABLE `supporters` ADD `notify_new_tickets` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `visitor_key` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `visitor_ip` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `visitor_agent` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `visitor_language` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `visitor_timezone` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `visitor_screen` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `came_from` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `current_page` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `comment` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `custom_fields` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `meeting_url` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `escalated_at` integer;--> statement-breakpoint
CREATE INDEX `tickets_visitor_key` ON `tickets` (`visitor_key`,`id`);