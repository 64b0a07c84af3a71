ALTER TABLE `subscriptions` ADD `last_error` text;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `failing_since` integer;--> statement-breakpoint
ALTER TABLE `subscriptions` ADD `last_delivered_at` integer;