PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_shop_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`time_zone` text NOT NULL,
	`currency` text NOT NULL,
	`sku_case_insensitive` integer DEFAULT false NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer,
	`updated_by` integer,
	CONSTRAINT "shop_settings_one_row" CHECK(id = 1)
);
--> statement-breakpoint
INSERT INTO `__new_shop_settings`("id", "time_zone", "currency", "sku_case_insensitive", "version", "updated_at", "updated_by") SELECT "id", "time_zone", "currency", "sku_case_insensitive", "version", "updated_at", "updated_by" FROM `shop_settings`;--> statement-breakpoint
DROP TABLE `shop_settings`;--> statement-breakpoint
ALTER TABLE `__new_shop_settings` RENAME TO `shop_settings`;--> statement-breakpoint
PRAGMA foreign_keys=ON;