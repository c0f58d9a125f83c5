CREATE TABLE `sla_breaches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`norm` text NOT NULL,
	`group_id` integer,
	`supporter_id` integer,
	`due_at` integer NOT NULL,
	`breached_at` integer NOT NULL,
	`met_at` integer,
	`open` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sla_breaches_ticket` ON `sla_breaches` (`ticket_id`,`norm`);--> statement-breakpoint
CREATE INDEX `sla_breaches_time` ON `sla_breaches` (`breached_at`);--> statement-breakpoint
CREATE INDEX `sla_breaches_open` ON `sla_breaches` (`id`) WHERE open = 1;--> statement-breakpoint
ALTER TABLE `tickets` ADD `sla_norm` text;--> statement-breakpoint
ALTER TABLE `tickets` ADD `sla_deadline` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `sla_due_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `first_reply_at` integer;--> statement-breakpoint
CREATE INDEX `tickets_sla_due` ON `tickets` (`sla_due_at`) WHERE sla_due_at IS NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `sla_claim` integer;--> statement-breakpoint
ALTER TABLE `groups` ADD `sla_first_reply` integer;--> statement-breakpoint
ALTER TABLE `groups` ADD `sla_reply` integer;