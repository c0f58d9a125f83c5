ALTER TABLE `sites` ADD `widget_name` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `widget_accent` text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE `sites` ADD `widget_greeting` text DEFAULT '' NOT NULL;