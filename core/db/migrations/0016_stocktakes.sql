CREATE TABLE `stocktake_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`stocktake_id` integer NOT NULL,
	`item_id` integer NOT NULL,
	`counted` integer,
	`book_at_count` integer,
	`counted_at` integer,
	`counted_by` integer,
	`variance` integer,
	`unit_cost_e4` integer,
	FOREIGN KEY (`stocktake_id`) REFERENCES `stocktakes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "stocktake_lines_counted_not_negative" CHECK("stocktake_lines"."counted" IS NULL OR "stocktake_lines"."counted" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `stocktake_lines_item` ON `stocktake_lines` (`stocktake_id`,`item_id`);--> statement-breakpoint
CREATE INDEX `stocktake_lines_item_counted` ON `stocktake_lines` (`item_id`,`counted_at`);--> statement-breakpoint
CREATE TABLE `stocktakes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`location_id` integer NOT NULL,
	`status` text NOT NULL,
	`blind` integer NOT NULL,
	`scope` text NOT NULL,
	`note` text,
	`version` integer DEFAULT 1 NOT NULL,
	`requested_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`submitted_by` integer,
	`submitted_at` integer,
	`posted_at` integer,
	`posted_by` integer,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `stocktakes_status` ON `stocktakes` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `stocktakes_location` ON `stocktakes` (`location_id`,`id`);--> statement-breakpoint
DROP INDEX `approval_steps_document_level`;--> statement-breakpoint
ALTER TABLE `approval_steps` ADD `round` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `approval_steps_document_round_level` ON `approval_steps` (`document_type`,`document_id`,`round`,`level`);