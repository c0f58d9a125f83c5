CREATE TABLE `recovery_codes` (
	`code_hash` text PRIMARY KEY NOT NULL,
	`supporter_id` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`supporter_id`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `recovery_codes_supporter` ON `recovery_codes` (`supporter_id`);--> statement-breakpoint
CREATE TABLE `sign_in_steps` (
	`key_hash` text PRIMARY KEY NOT NULL,
	`supporter_id` integer NOT NULL,
	`step` text NOT NULL,
	`expires_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`device` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`supporter_id`) REFERENCES `supporters`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `supporters` ADD `totp_secret` text;--> statement-breakpoint
ALTER TABLE `supporters` ADD `totp_last_step` integer;