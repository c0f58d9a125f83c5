CREATE TABLE `login_failures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `login_failures_key_at` ON `login_failures` (`key`,`at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`supporter_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`supporter_id`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `sessions_supporter` ON `sessions` (`supporter_id`);--> statement-breakpoint
CREATE TABLE `supporters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`status` text DEFAULT 'available' NOT NULL,
	`status_message` text DEFAULT '' NOT NULL,
	`online` integer DEFAULT false NOT NULL,
	`last_seen_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `supporters_email_unique` ON `supporters` (`email`);--> statement-breakpoint
CREATE TABLE `tickets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`visitor_name` text NOT NULL,
	`visitor_email` text,
	`problem` text NOT NULL,
	`state` text DEFAULT 'waiting' NOT NULL,
	`away` integer DEFAULT false NOT NULL,
	`supporter_id` integer,
	`created_at` integer NOT NULL,
	`claimed_at` integer,
	`closed_at` integer,
	`resolution` text,
	`visitor_online` integer DEFAULT false NOT NULL,
	`visitor_seen_at` integer,
	FOREIGN KEY (`supporter_id`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tickets_token_hash_unique` ON `tickets` (`token_hash`);--> statement-breakpoint
CREATE INDEX `tickets_line` ON `tickets` (`state`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `tickets_supporter` ON `tickets` (`supporter_id`,`state`);--> statement-breakpoint
CREATE INDEX `tickets_closed` ON `tickets` (`closed_at`);--> statement-breakpoint
CREATE TABLE `messages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`author` text NOT NULL,
	`supporter_id` integer,
	`is_problem` integer DEFAULT false NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`supporter_id`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `messages_ticket` ON `messages` (`ticket_id`,`id`);--> statement-breakpoint
CREATE TABLE `events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic` text NOT NULL,
	`type` text NOT NULL,
	`ticket_id` integer,
	`supporter_id` integer,
	`data` text DEFAULT '{}' NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_topic` ON `events` (`topic`,`id`);--> statement-breakpoint
CREATE INDEX `events_ticket` ON `events` (`ticket_id`,`id`);--> statement-breakpoint
CREATE INDEX `events_supporter` ON `events` (`supporter_id`,`id`);