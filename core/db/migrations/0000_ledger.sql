CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`token_hash` text NOT NULL,
	`label` text,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_user` ON `api_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `balances` (
	`item_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`is_virtual` integer NOT NULL,
	`on_hand` integer DEFAULT 0 NOT NULL,
	`reserved` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`item_id`, `location_id`),
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "balances_internal_not_negative" CHECK("balances"."is_virtual" = 1 OR ("balances"."on_hand" >= 0 AND "balances"."reserved" >= 0 AND "balances"."reserved" <= "balances"."on_hand")),
	CONSTRAINT "balances_safe_integer" CHECK(abs("balances"."on_hand") <= 9007199254740991)
);
--> statement-breakpoint
CREATE INDEX `balances_location` ON `balances` (`location_id`);--> statement-breakpoint
CREATE TABLE `barcodes` (
	`code` text PRIMARY KEY NOT NULL,
	`item_id` integer NOT NULL,
	`multiplier` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "barcodes_multiplier_positive" CHECK("barcodes"."multiplier" > 0)
);
--> statement-breakpoint
CREATE INDEX `barcodes_item` ON `barcodes` (`item_id`);--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`user_id` integer NOT NULL,
	`key` text NOT NULL,
	`request_hash` text NOT NULL,
	`status` integer NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`user_id`, `key`)
);
--> statement-breakpoint
CREATE TABLE `items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`sku` text NOT NULL,
	`name` text NOT NULL,
	`unit` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `items_sku_unique` ON `items` (`sku`);--> statement-breakpoint
CREATE TABLE `locations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`is_virtual` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `locations_code_unique` ON `locations` (`code`);--> statement-breakpoint
CREATE TABLE `movements` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`item_id` integer NOT NULL,
	`source_id` integer NOT NULL,
	`target_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`occurred_at` integer NOT NULL,
	`posted_at` integer NOT NULL,
	`actor_id` integer NOT NULL,
	`reason` text,
	`reference` text,
	`reservation_id` integer,
	`reverses_seq` integer,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`source_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`target_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "movements_quantity_positive" CHECK("movements"."quantity" > 0),
	CONSTRAINT "movements_locations_differ" CHECK("movements"."source_id" <> "movements"."target_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `movements_reverses_seq_unique` ON `movements` (`reverses_seq`);--> statement-breakpoint
CREATE INDEX `movements_item_seq` ON `movements` (`item_id`,`seq`);--> statement-breakpoint
CREATE INDEX `movements_source_seq` ON `movements` (`source_id`,`seq`);--> statement-breakpoint
CREATE INDEX `movements_target_seq` ON `movements` (`target_id`,`seq`);--> statement-breakpoint
CREATE TABLE `reservations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`item_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`committed_quantity` integer DEFAULT 0 NOT NULL,
	`status` text NOT NULL,
	`reference` text,
	`expires_at` integer,
	`created_at` integer NOT NULL,
	`settled_at` integer,
	`actor_id` integer NOT NULL,
	`movement_seq` integer,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "reservations_quantity_positive" CHECK("reservations"."quantity" > 0)
);
--> statement-breakpoint
CREATE INDEX `reservations_pending_expiry` ON `reservations` (`item_id`,`location_id`,`expires_at`) WHERE "reservations"."status" = 'pending' AND "reservations"."expires_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `reservations_due` ON `reservations` (`expires_at`) WHERE "reservations"."status" = 'pending' AND "reservations"."expires_at" IS NOT NULL;--> statement-breakpoint
CREATE TABLE `user_locations` (
	`user_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	PRIMARY KEY(`user_id`, `location_id`),
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_name_unique` ON `users` (`name`);