CREATE TABLE `load_samples` (
	`minute` integer PRIMARY KEY NOT NULL,
	`waiting` integer NOT NULL,
	`available` integer NOT NULL
);
