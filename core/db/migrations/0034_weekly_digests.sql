CREATE TABLE `weekly_digests` (
	`week` integer PRIMARY KEY NOT NULL,
	`published_at` integer NOT NULL
);
