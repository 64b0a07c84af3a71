CREATE TABLE `alert_rules` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer,
	`location_id` integer,
	`min` integer,
	`max` integer,
	`hysteresis` integer,
	`expiry_days` integer,
	`outflow_percent` integer,
	`zero_stock` integer,
	`refused_per_day` integer,
	`anomaly_min_on_hand` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
-- Hand-corrected: drizzle-kit quotes expression columns as identifiers.
CREATE UNIQUE INDEX `alert_rules_scope` ON `alert_rules` (coalesce(`item_id`, 0), coalesce(`location_id`, 0));--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`item_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`status` text NOT NULL,
	`opened_at` integer NOT NULL,
	`acknowledged_at` integer,
	`acknowledged_by` integer,
	`resolved_at` integer,
	`details` text NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`acknowledged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_one_open` ON `alerts` (`kind`,`item_id`,`location_id`) WHERE "alerts"."status" IN ('open', 'acknowledged');--> statement-breakpoint
CREATE INDEX `alerts_status_location` ON `alerts` (`status`,`location_id`);--> statement-breakpoint
CREATE TABLE `balance_days` (
	`item_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`day` integer NOT NULL,
	`inflow` integer DEFAULT 0 NOT NULL,
	`outflow` integer DEFAULT 0 NOT NULL,
	`sold` integer DEFAULT 0 NOT NULL,
	`refused` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`item_id`, `location_id`, `day`)
);
--> statement-breakpoint
CREATE INDEX `balance_days_location_day` ON `balance_days` (`location_id`,`day`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subscription_id` integer NOT NULL,
	`outbox_id` integer NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claimed_by` text,
	`claimed_until` integer,
	`last_error` text,
	`delivered_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deliveries_once` ON `deliveries` (`subscription_id`,`outbox_id`);--> statement-breakpoint
CREATE INDEX `deliveries_due` ON `deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `outbox_cursors` (
	`consumer` text PRIMARY KEY NOT NULL,
	`last_id` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`url` text NOT NULL,
	`secret` text,
	`language` text NOT NULL,
	`locations` text,
	`events` text,
	`active` integer DEFAULT true NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL
);
