CREATE TABLE `shift_exceptions` (
	`supporter_id` integer NOT NULL,
	`day` text NOT NULL,
	`kind` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	PRIMARY KEY(`supporter_id`, `day`),
	FOREIGN KEY (`supporter_id`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `shift_exceptions_day` ON `shift_exceptions` (`day`);--> statement-breakpoint
CREATE TABLE `shifts` (
	`supporter_id` integer NOT NULL,
	`weekday` integer NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	PRIMARY KEY(`supporter_id`, `weekday`, `starts_at`),
	FOREIGN KEY (`supporter_id`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action
);
