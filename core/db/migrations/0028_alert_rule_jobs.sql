CREATE TABLE `alert_rule_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer,
	`location_id` integer,
	`after_item_id` integer NOT NULL,
	`after_location_id` integer NOT NULL,
	`evaluated` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
