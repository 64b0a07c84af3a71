CREATE TABLE `returns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`location_id` integer NOT NULL,
	`status` text NOT NULL,
	`inspect` integer NOT NULL,
	`reference` text,
	`reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `returns_status` ON `returns` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `return_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`return_id` integer NOT NULL,
	`item_id` integer NOT NULL,
	`lot_id` integer,
	`quantity` integer NOT NULL,
	`original_seq` integer,
	`accepted` integer DEFAULT 0 NOT NULL,
	`scrapped` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`return_id`) REFERENCES `returns`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "return_lines_quantity_positive" CHECK("return_lines"."quantity" > 0),
	CONSTRAINT "return_lines_inspected" CHECK("return_lines"."accepted" + "return_lines"."scrapped" <= "return_lines"."quantity")
);
--> statement-breakpoint
CREATE INDEX `return_lines_return` ON `return_lines` (`return_id`);--> statement-breakpoint
CREATE INDEX `return_lines_original` ON `return_lines` (`original_seq`) WHERE "return_lines"."original_seq" IS NOT NULL;--> statement-breakpoint
ALTER TABLE `locations` ADD `parent_id` integer;