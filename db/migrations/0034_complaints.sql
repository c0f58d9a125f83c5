CREATE TABLE `complaints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`body` text NOT NULL,
	`state` text DEFAULT 'open' NOT NULL,
	`taken_by` integer,
	`answer` text,
	`answered_at` integer,
	`resolved_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `complaints_ticket` ON `complaints` (`ticket_id`);--> statement-breakpoint
CREATE INDEX `complaints_state` ON `complaints` (`state`,`id`);