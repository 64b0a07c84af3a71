-- Every movement gets its audit row in the statement that inserts it: no code path
-- can post stock without leaving a trace of who, when, from which request and client.
CREATE TRIGGER `movements_audit` AFTER INSERT ON `movements`
BEGIN
  INSERT INTO `audit_log` (`at`, `actor_id`, `action`, `entity`, `entity_id`, `before`, `after`, `request_id`, `client`)
  VALUES (
    NEW.`posted_at`,
    NEW.`actor_id`,
    'movement.' || NEW.`type`,
    'movement',
    CAST(NEW.`seq` AS TEXT),
    NULL,
    json_object(
      'seq', NEW.`seq`,
      'type', NEW.`type`,
      'sku', (SELECT `sku` FROM `items` WHERE `id` = NEW.`item_id`),
      'from', (SELECT `code` FROM `locations` WHERE `id` = NEW.`source_id`),
      'to', (SELECT `code` FROM `locations` WHERE `id` = NEW.`target_id`),
      'quantity', NEW.`quantity`,
      'occurredAt', NEW.`occurred_at`,
      'reason', NEW.`reason`,
      'reference', NEW.`reference`,
      'reservationId', NEW.`reservation_id`,
      'reverses', NEW.`reverses_seq`
    ),
    NEW.`request_id`,
    coalesce(NEW.`client`, 'api')
  );
END;
