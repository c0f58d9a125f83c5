CREATE TABLE `ticket_links` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`ticket_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`ticket_id`) REFERENCES `tickets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ticket_links_ticket` ON `ticket_links` (`ticket_id`);