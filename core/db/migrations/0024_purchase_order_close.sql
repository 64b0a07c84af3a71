ALTER TABLE `purchase_orders` ADD `closed_by` integer;--> statement-breakpoint
ALTER TABLE `purchase_orders` ADD `closed_at` integer;--> statement-breakpoint
ALTER TABLE `purchase_orders` ADD `close_reason` text;