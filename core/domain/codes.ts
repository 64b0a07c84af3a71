/**
 * Result codes of the ledger, in order of precedence: when a request breaks several
 * rules, the first one in this list is the one it is refused for. Each code is named
 * after the rule it checks, so a client can branch on it and a person can read it.
 *
 * The HTTP edge checks the first five in this order, before any service runs (see
 * `core/http/route.ts`): the body's size, the token, the JSON, the shape of the path,
 * query, body and `Idempotency-Key` (one `validation_failed` listing every problem),
 * and a key used before for another request. A service then checks the role
 * (`forbidden`) first; two orders a single list cannot say are a service's own field
 * rules (`validation_failed` that needs more than the body: rules between its fields
 * are checked with its shape, `withRules`) after the role, and a
 * location's scope (`forbidden`) after the location is found (`not_found`).
 * `tests/http/precedence.test.ts` holds the server to this list and docs/api.md to it.
 *
 * Transports map codes to their own vocabulary (HTTP statuses in `core/http/errors.ts`,
 * bot replies in `bot/`); the domain never knows about either.
 */
export const RESULT_CODES = [
  // The request itself, at the edge
  'payload_too_large',
  'unauthenticated',
  'invalid_json',
  'validation_failed',
  'idempotency_key_reused',
  // Who is asking
  'forbidden',
  // What it refers to
  'not_found',
  // Conflicts with what is already recorded
  'already_exists',
  'invalid_state',
  'already_returned',
  'insufficient_stock',
  'lot_expired',
  'location_quarantined',
  'quantity_limit_exceeded',
  'batch_rejected',
  // The service itself
  'busy',
  'internal_error',
] as const;

export type ResultCode = (typeof RESULT_CODES)[number];

/**
 * Codes for single problems inside a `validation_failed` answer. Each names the rule
 * a field broke; `details[].path` says which field. When a request has several
 * problems, a refusal among them is listed under its own result code
 * (`insufficient_stock`, `lot_expired`, `already_exists`, `forbidden`) or, for what it
 * names that does not exist, as `unknown_sku`, `unknown_barcode`, `unknown_location`,
 * `unknown_lot` (see `core/services/problems.ts`).
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
  'unknown_lot',
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
  'occurred_in_future',
  'unknown_time_zone',
  'unknown_currency',
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
