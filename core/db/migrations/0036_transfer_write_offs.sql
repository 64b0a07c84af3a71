ALTER TABLE `transfer_lines` ADD `released` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `transfer_lines` ADD `loss_reason` text;--> statement-breakpoint
ALTER TABLE `transfer_lines` ADD `loss_note` text;--> statement-breakpoint
ALTER TABLE `transfers` ADD `loss_requested_by` integer;--> statement-breakpoint
ALTER TABLE `transfers` ADD `loss_requested_at` integer;