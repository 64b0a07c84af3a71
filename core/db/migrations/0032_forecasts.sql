CREATE TABLE `forecasts` (
	`item_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`through_day` integer,
	`fitted_day` integer,
	`model` text,
	`claimed_by` text,
	`claimed_until` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`item_id`, `location_id`),
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `forecasts_due` ON `forecasts` (`through_day`);