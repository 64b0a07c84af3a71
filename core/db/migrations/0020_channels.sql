CREATE TABLE `channel_listings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`product_code` text NOT NULL,
	`parts` text NOT NULL,
	`figure` integer,
	`change_seq` integer DEFAULT 0 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channel_listings_code` ON `channel_listings` (`channel_id`,`product_code`);--> statement-breakpoint
CREATE INDEX `channel_listings_change` ON `channel_listings` (`channel_id`,`change_seq`);--> statement-breakpoint
CREATE TABLE `channel_order_holds` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`item_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`reservation_id` integer NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `channel_orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reservation_id`) REFERENCES `reservations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "channel_order_holds_quantity_positive" CHECK("channel_order_holds"."quantity" > 0)
);
--> statement-breakpoint
CREATE INDEX `channel_order_holds_order` ON `channel_order_holds` (`order_id`);--> statement-breakpoint
CREATE TABLE `channel_orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel_id` integer NOT NULL,
	`external_id` text NOT NULL,
	`status` text NOT NULL,
	`request` text,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`channel_id`) REFERENCES `channels`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channel_orders_external` ON `channel_orders` (`channel_id`,`external_id`);--> statement-breakpoint
CREATE INDEX `channel_orders_status` ON `channel_orders` (`status`,`id`);--> statement-breakpoint
CREATE TABLE `channels` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`location_ids` text NOT NULL,
	`percent` integer DEFAULT 100 NOT NULL,
	`max_shown` integer,
	`safety_floor` integer DEFAULT 0 NOT NULL,
	`allow_split` integer DEFAULT false NOT NULL,
	`csv_mapping` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `channels_code_unique` ON `channels` (`code`);