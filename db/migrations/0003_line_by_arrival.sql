DROP INDEX `tickets_line`;--> statement-breakpoint
CREATE INDEX `tickets_line_order` ON `tickets` (`state`,`id`);