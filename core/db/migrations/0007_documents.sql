CREATE TABLE `approval_policies` (
	`document_type` text PRIMARY KEY NOT NULL,
	`levels` text NOT NULL,
	`expiry_hours` integer,
	`updated_at` integer NOT NULL,
	`updated_by` integer
);
--> statement-breakpoint
CREATE TABLE `approval_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`document_type` text NOT NULL,
	`document_id` integer NOT NULL,
	`level` integer NOT NULL,
	`role` text NOT NULL,
	`location_ids` text NOT NULL,
	`status` text NOT NULL,
	`decided_by` integer,
	`decided_at` integer,
	`comment` text,
	`client` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `approval_steps_document_level` ON `approval_steps` (`document_type`,`document_id`,`level`);--> statement-breakpoint
CREATE INDEX `approval_steps_pending` ON `approval_steps` (`status`) WHERE "approval_steps"."status" = 'pending';--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`topic` text NOT NULL,
	`document_type` text,
	`document_id` integer,
	`payload` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `outbox_topic` ON `outbox` (`topic`,`id`);--> statement-breakpoint
CREATE TABLE `purchase_order_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purchase_order_id` integer NOT NULL,
	`item_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`unit_cost_e4` integer NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`purchase_order_id`) REFERENCES `purchase_orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "purchase_order_lines_quantity_positive" CHECK("purchase_order_lines"."quantity" > 0),
	CONSTRAINT "purchase_order_lines_received" CHECK("purchase_order_lines"."received" <= "purchase_order_lines"."quantity")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_order_lines_item` ON `purchase_order_lines` (`purchase_order_id`,`item_id`);--> statement-breakpoint
CREATE TABLE `purchase_orders` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`supplier_id` integer NOT NULL,
	`location_id` integer NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`version` integer DEFAULT 1 NOT NULL,
	`requested_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`supplier_id`) REFERENCES `suppliers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `purchase_orders_status` ON `purchase_orders` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `purchase_orders_location` ON `purchase_orders` (`location_id`);--> statement-breakpoint
CREATE TABLE `suppliers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`contact` text,
	`lead_time_days` integer DEFAULT 0 NOT NULL,
	`pack_size` integer DEFAULT 1 NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suppliers_name_unique` ON `suppliers` (`name`);--> statement-breakpoint
CREATE TABLE `transfer_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`transfer_id` integer NOT NULL,
	`item_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`reservation_id` integer,
	`shipped` integer DEFAULT 0 NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`lost` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`transfer_id`) REFERENCES `transfers`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "transfer_lines_quantity_positive" CHECK("transfer_lines"."quantity" > 0),
	CONSTRAINT "transfer_lines_nothing_twice" CHECK("transfer_lines"."received" + "transfer_lines"."lost" <= "transfer_lines"."shipped")
);
--> statement-breakpoint
CREATE UNIQUE INDEX `transfer_lines_item` ON `transfer_lines` (`transfer_id`,`item_id`);--> statement-breakpoint
CREATE TABLE `transfers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`from_location_id` integer NOT NULL,
	`to_location_id` integer NOT NULL,
	`status` text NOT NULL,
	`note` text,
	`version` integer DEFAULT 1 NOT NULL,
	`requested_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`approval_expires_at` integer,
	`shipped_by` integer,
	`shipped_at` integer,
	`closed_by` integer,
	`closed_at` integer,
	`close_reason` text,
	FOREIGN KEY (`from_location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`to_location_id`) REFERENCES `locations`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`requested_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `transfers_status` ON `transfers` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `transfers_from` ON `transfers` (`from_location_id`);--> statement-breakpoint
CREATE INDEX `transfers_to` ON `transfers` (`to_location_id`);--> statement-breakpoint
CREATE INDEX `transfers_expiry` ON `transfers` (`approval_expires_at`) WHERE "transfers"."status" = 'pending_approval';