CREATE TABLE `offers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ticket_id` integer NOT NULL,
	`supporter_id` integer NOT NULL,
	`wave` integer DEFAULT 1 NOT NULL,
	`round` integer DEFAULT 0 NOT NULL,
	`outcome` text DEFAULT 'ringing' NOT NULL,
	`created_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`answered_at` integer,
	FOREIGN KEY (`supporter_id`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offers_ticket` ON `offers` (`ticket_id`,`id`);--> statement-breakpoint
CREATE INDEX `offers_ringing` ON `offers` (`supporter_id`) WHERE outcome = 'ringing';--> statement-breakpoint
ALTER TABLE `tickets` ADD `next_offer_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `offer_round` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `wave_at` integer;--> statement-breakpoint
ALTER TABLE `tickets` ADD `wave_group_id` integer REFERENCES groups(id);--> statement-breakpoint
CREATE INDEX `tickets_offer_due` ON `tickets` (`next_offer_at`) WHERE next_offer_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX `tickets_wave_line` ON `tickets` (`wave_group_id`,`state`,`line_key`) WHERE wave_group_id IS NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `offer_after` integer DEFAULT 30 NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `offer_ring` integer DEFAULT 20 NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `offer_rounds` integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `offer_rules` text DEFAULT 'helper language fewest' NOT NULL;--> statement-breakpoint
ALTER TABLE `groups` ADD `overflow_id` integer;--> statement-breakpoint
ALTER TABLE `groups` ADD `wave_after` integer DEFAULT 120 NOT NULL;--> statement-breakpoint
-- Tickets waiting at the upgrade are looked at once it runs (routing starts with them).
UPDATE `tickets` SET `next_offer_at` = strftime('%s', 'now') * 1000 WHERE `state` = 'waiting';
