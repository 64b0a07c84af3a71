/**
 * The alert rule that applies to an item at a location, as SQL, written once. Rules
 * exist at four scopes, most specific first: the item at the location, the item
 * everywhere, the location for every item, and the default. Each field comes from the
 * most specific rule that sets it, so giving an item its own min keeps the expiry days
 * its location's rule sets (a whole rule no longer shadows the broader ones).
 *
 * Every lookup is `coalesce(item_id, 0) = ? AND coalesce(location_id, 0) = ?`, the
 * expression of the unique index `alert_rules_scope`: four index lookups per field,
 * whatever the number of rules.
 */

export const RULE_SCOPES = ['item_location', 'item', 'location', 'default'] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];

/** Rule fields and their columns. */
export const RULE_COLUMNS = {
  min: 'min',
  max: 'max',
  hysteresis: 'hysteresis',
  expiryDays: 'expiry_days',
  outflowPercent: 'outflow_percent',
  zeroStock: 'zero_stock',
  refusedPerDay: 'refused_per_day',
  anomalyMinOnHand: 'anomaly_min_on_hand',
} as const;
export type RuleField = keyof typeof RULE_COLUMNS;
export const RULE_FIELDS = Object.keys(RULE_COLUMNS) as RuleField[];

function scoped(field: RuleField, scope: RuleScope, item: string, location: string): string {
  const itemId = scope === 'item_location' || scope === 'item' ? item : '0';
  const locationId = scope === 'item_location' || scope === 'location' ? location : '0';
  return `(SELECT r.${RULE_COLUMNS[field]} FROM alert_rules r WHERE coalesce(r.item_id, 0) = ${itemId} AND coalesce(r.location_id, 0) = ${locationId})`;
}

/**
 * The value of one field for the item and location named by two SQL expressions
 * (columns of the outer query, or `?`). Null when no rule sets it.
 *
 * @example
 * ruleFieldSql('min', 'b.item_id', 'b.location_id') // → 'coalesce((SELECT r.min …), …)'
 */
export function ruleFieldSql(field: RuleField, item: string, location: string): string {
  return `coalesce(${RULE_SCOPES.map((scope) => scoped(field, scope, item, location)).join(', ')})`;
}

/** Which scope the field's value comes from (`item_location`, `item`, `location`, `default`), or null. */
export function ruleSourceSql(field: RuleField, item: string, location: string): string {
  return `CASE ${RULE_SCOPES.map((scope) => `WHEN ${scoped(field, scope, item, location)} IS NOT NULL THEN '${scope}'`).join(' ')} END`;
}

/** Every field as one JSON object (`{"min": 10, "max": null, …}`), for queries that evaluate rules. */
export function effectiveRuleSql(item: string, location: string): string {
  return `json_object(${RULE_FIELDS.map((f) => `'${f}', ${ruleFieldSql(f, item, location)}`).join(', ')})`;
}
