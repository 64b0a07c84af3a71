CREATE TABLE `forecast_days` (
	`day` integer PRIMARY KEY NOT NULL,
	`done_at` integer NOT NULL
);
