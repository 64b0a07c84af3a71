/**
 * Result codes of the ledger, in order of precedence: when a request breaks several
 * rules, the first one in this list is the one it is refused for. Each code is named
 * after the rule it checks, so a client can branch on it and a person can read it.
 *
 * Transports map codes to their own vocabulary (HTTP statuses in `core/http/errors.ts`,
 * bot replies in `bot/`); the domain never knows about either.
 */
export const RESULT_CODES = [
  // The request itself
  'invalid_json',
  'payload_too_large',
  'validation_failed',
  // Who is asking
  'unauthenticated',
  'forbidden',
  // What it refers to
  'not_found',
  // Conflicts with what is already recorded
  'already_exists',
  'idempotency_key_reused',
  'invalid_state',
  'insufficient_stock',
  'lot_expired',
  'quantity_limit_exceeded',
  'batch_rejected',
  // The service itself
  'busy',
  'internal_error',
] as const;

export type ResultCode = (typeof RESULT_CODES)[number];

/**
 * Codes for single problems inside a `validation_failed` answer. Each names the rule
 * a field broke; `details[].path` says which field.
 */
export const ISSUE_CODES = [
  'required',
  'invalid_type',
  'too_small',
  'too_big',
  'invalid_format',
  'invalid_value',
  'unrecognized_keys',
  'quantity_must_be_positive',
  'quantity_must_not_be_zero',
  'quantity_too_large',
  'locations_must_be_different',
  'location_must_be_internal',
  'field_not_allowed',
  'fields_disagree',
  'sku_or_barcode_required',
  'fields_exclusive',
  'requires_field',
  'unknown_sku',
  'unknown_barcode',
  'not_in_stocktake',
  'count_below_zero',
  'nothing_to_count',
  'nothing_counted',
  'uncounted_lines',
  'only_for_stocktake_variance',
  'merge_into_itself',
  'item_not_lot_tracked',
  'lot_required',
  'lot_expiry_mismatch',
  'lot_tracking_locked',
  'not_a_sale_of_item',
  'more_than_sold',
  'not_on_return',
  'unknown_listing',
  'unknown_location',
  'sku_or_parts_required',
  'csv_mapping_missing',
  'csv_column_missing',
  'csv_status_unknown',
  'more_than_ordered',
  'replenishment_cycle',
  'csv_header_unrecognised',
  'order_id_mangled',
  'product_code_mangled',
  'rule_sets_nothing',
  'amount_too_large',
  'at_most_4_decimals',
] as const;

export type IssueCode = (typeof ISSUE_CODES)[number];

/** One problem with one field of a request. `path` is dotted: `rows.3.quantity`. */
export interface Issue {
  path: string;
  code: IssueCode | string;
  message?: string;
  params?: Record<string, string | number>;
}

/** The largest quantity a single movement may carry, in base units. */
export const MAX_QUANTITY = 1_000_000_000_000;
