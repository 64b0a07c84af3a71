CREATE TABLE `lot_balances` (
	`lot_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`item_id` integer NOT NULL,
	`is_virtual` integer NOT NULL,
	`on_hand` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`lot_id`, `location_id`),
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "lot_balances_internal_not_negative" CHECK("lot_balances"."is_virtual" = 1 OR "lot_balances"."on_hand" >= 0)
);
--> statement-breakpoint
CREATE INDEX `lot_balances_item_location` ON `lot_balances` (`item_id`,`location_id`);--> statement-breakpoint
CREATE TABLE `lots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`code` text NOT NULL,
	`expires_on` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `lots_item_code` ON `lots` (`item_id`,`code`);--> statement-breakpoint
CREATE INDEX `lots_code` ON `lots` (`code`);--> statement-breakpoint
CREATE TABLE `movement_lots` (
	`seq` integer NOT NULL,
	`lot_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`seq`, `lot_id`),
	FOREIGN KEY (`seq`) REFERENCES `movements`(`seq`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`lot_id`) REFERENCES `lots`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "movement_lots_quantity_positive" CHECK("movement_lots"."quantity" > 0)
);
--> statement-breakpoint
CREATE INDEX `movement_lots_lot` ON `movement_lots` (`lot_id`,`seq`);--> statement-breakpoint
ALTER TABLE `items` ADD `lot_tracked` integer DEFAULT false NOT NULL;