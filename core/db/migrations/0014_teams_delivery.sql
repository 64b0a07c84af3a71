CREATE TABLE `teams_conversations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` text NOT NULL,
	`reference` text NOT NULL,
	`user_id` integer,
	`is_group` integer NOT NULL,
	`subscribed` integer DEFAULT false NOT NULL,
	`locations` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `teams_conversations_conversation_id_unique` ON `teams_conversations` (`conversation_id`);--> statement-breakpoint
CREATE TABLE `teams_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`conversation_id` integer NOT NULL,
	`outbox_id` integer NOT NULL,
	`kind` text NOT NULL,
	`document_type` text,
	`document_id` integer,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claimed_by` text,
	`claimed_until` integer,
	`activity_id` text,
	`last_error` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `teams_deliveries_once` ON `teams_deliveries` (`conversation_id`,`outbox_id`);--> statement-breakpoint
CREATE INDEX `teams_deliveries_due` ON `teams_deliveries` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `teams_deliveries_document` ON `teams_deliveries` (`document_type`,`document_id`);