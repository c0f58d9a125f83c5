ALTER TABLE `supporters` ADD `capacity` integer;--> statement-breakpoint
ALTER TABLE `groups` ADD `capacity` integer DEFAULT 0 NOT NULL;