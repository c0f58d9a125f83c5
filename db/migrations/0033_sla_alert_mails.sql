CREATE TABLE `sla_alert_mails` (
	`supporter_id` integer PRIMARY KEY NOT NULL,
	`outbox_id` integer NOT NULL,
	`since` integer NOT NULL,
	`send_at` integer NOT NULL
);
