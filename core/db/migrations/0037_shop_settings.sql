CREATE TABLE `shop_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`time_zone` text NOT NULL,
	`currency` text NOT NULL,
	`sku_case_insensitive` integer DEFAULT false NOT NULL,
	`version` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`updated_by` integer,
	CONSTRAINT "shop_settings_one_row" CHECK(id = 1)
);
