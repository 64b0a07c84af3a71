CREATE TABLE `ledger_meta` (
	`id` integer PRIMARY KEY NOT NULL,
	`epoch` text NOT NULL,
	`started_at` integer NOT NULL,
	CONSTRAINT "ledger_meta_one_row" CHECK(id = 1)
);
