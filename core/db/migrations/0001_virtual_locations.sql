-- The virtual locations every movement pairs with. They exist from the first start.
INSERT INTO `locations` (`code`, `name`, `kind`, `is_virtual`, `created_at`) VALUES
  ('@supplier', 'Suppliers', 'supplier', 1, 1795307889632),
  ('@customer', 'Customers', 'customer', 1, 1795307889632),
  ('@adjustment', 'Inventory adjustments', 'adjustment', 1, 1795307889632),
  ('@transit', 'In transit', 'transit', 1, 1795307889632),
  ('@scrap', 'Scrapped', 'scrap', 1, 1795307889632);
