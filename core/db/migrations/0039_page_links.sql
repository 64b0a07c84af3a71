CREATE TABLE `page_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`purpose` text NOT NULL,
	`token_hash` text NOT NULL,
	`document_type` text,
	`document_id` integer,
	`sku` text,
	`version` integer,
	`language` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by` integer,
	`revoked_at` integer,
	`nonce_hash` text,
	FOREIGN KEY (`used_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `page_links_token` ON `page_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `page_links_document` ON `page_links` (`document_type`,`document_id`);