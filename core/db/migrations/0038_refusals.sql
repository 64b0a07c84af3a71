CREATE TABLE `refusals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`at` integer NOT NULL,
	`postings` integer NOT NULL,
	`short` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `refusals_at` ON `refusals` (`at`);--> statement-breakpoint
-- Refusals counted before this version kept only their (UTC) day: they are placed at that day's noon UTC, on the same local date in every zone from UTC-11 to UTC+11.
INSERT INTO `refusals` (`item_id`, `location_id`, `at`, `postings`, `short`) SELECT `item_id`, `location_id`, `day` * 86400000 + 43200000, `refused`, `refused_quantity` FROM `balance_days` WHERE `refused` > 0 OR `refused_quantity` > 0;
