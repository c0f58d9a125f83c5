CREATE TABLE `brand_notices` (
	`lang` text NOT NULL,
	`kind` text NOT NULL,
	`body` text NOT NULL,
	PRIMARY KEY(`lang`, `kind`)
);
--> statement-breakpoint
CREATE TABLE `branding` (
	`id` integer PRIMARY KEY NOT NULL,
	`team_name` text DEFAULT '' NOT NULL,
	`accent` text DEFAULT '' NOT NULL,
	`logo_mime` text,
	`logo_bytes` blob,
	`version` integer DEFAULT 0 NOT NULL
);
