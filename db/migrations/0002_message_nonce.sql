ALTER TABLE `messages` ADD `client_nonce` text;--> statement-breakpoint
CREATE UNIQUE INDEX `messages_nonce` ON `messages` (`ticket_id`,`client_nonce`);