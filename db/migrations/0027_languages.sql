ALTER TABLE `supporters` ADD `languages` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `tickets` ADD `visitor_languages` text DEFAULT '' NOT NULL;