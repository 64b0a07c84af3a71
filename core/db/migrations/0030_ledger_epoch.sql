-- The ledger's first epoch: a random id, written once when the database is created (or upgraded to this version).
INSERT INTO `ledger_meta` (`id`, `epoch`, `started_at`) VALUES (1, lower(hex(randomblob(16))), CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER));
