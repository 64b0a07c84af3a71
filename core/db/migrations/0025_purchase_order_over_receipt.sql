PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_purchase_order_lines` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purchase_order_id` integer NOT NULL,
	`item_id` integer NOT NULL,
	`quantity` integer NOT NULL,
	`unit_cost_e4` integer NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`purchase_order_id`) REFERENCES `purchase_orders`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "purchase_order_lines_quantity_positive" CHECK("__new_purchase_order_lines"."quantity" > 0),
	CONSTRAINT "purchase_order_lines_received" CHECK("__new_purchase_order_lines"."received" >= 0 AND "__new_purchase_order_lines"."received" <= 2 * "__new_purchase_order_lines"."quantity")
);
--> statement-breakpoint
INSERT INTO `__new_purchase_order_lines`("id", "purchase_order_id", "item_id", "quantity", "unit_cost_e4", "received") SELECT "id", "purchase_order_id", "item_id", "quantity", "unit_cost_e4", "received" FROM `purchase_order_lines`;--> statement-breakpoint
DROP TABLE `purchase_order_lines`;--> statement-breakpoint
ALTER TABLE `__new_purchase_order_lines` RENAME TO `purchase_order_lines`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `purchase_order_lines_item` ON `purchase_order_lines` (`purchase_order_id`,`item_id`);