import { MAX_QUANTITY, type Issue } from './codes.js';
import { isVirtualCode, type VirtualLocationCode } from './locations.js';

/**
 * Movement types a client may post. Each is a fixed pair of a source and a target:
 *
 * | type         | source        | target        |
 * |--------------|---------------|---------------|
 * | `receipt`    | `@supplier`   | location      |
 * | `issue`      | location      | `@customer`   |
 * | `scrap`      | location      | `@scrap`      |
 * | `adjustment` | `@adjustment` | location (quantity > 0), or the reverse (< 0) |
 * | `move`       | from          | to            |
 * | `return`     | `@customer`   | location      |
 *
 * `reversal` is posted by the ledger itself when a movement is reversed.
 */
export const POSTABLE_MOVEMENT_TYPES = [
  'receipt',
  'issue',
  'adjustment',
  'move',
  'scrap',
  'return',
] as const;
export type PostableMovementType = (typeof POSTABLE_MOVEMENT_TYPES)[number];
/** Movements the ledger posts itself: reversals, and the legs of documents. */
export type MovementType =
  | PostableMovementType
  | 'reversal'
  | 'transfer_out'
  | 'transfer_in'
  | 'transfer_loss'
  /** Merging two items: the merged item's stock leaves through `@adjustment`, the kept item's arrives. */
  | 'merge_out'
  | 'merge_in'
  /** A returned unit accepted after inspection: quarantine → shelf. */
  | 'return_accept';

/**
 * A time a client says something happened, checked against the server clock: more
 * than `toleranceMs` ahead is a mistake (a date typed a day ahead, a till's clock far
 * off) and is refused at `path`; any time in the past is allowed (backdating).
 */
export function occurredInFuture(
  path: string,
  at: number,
  now: number,
  toleranceMs: number,
): Issue | undefined {
  if (at - now <= toleranceMs) return undefined;
  return {
    path,
    code: 'occurred_in_future',
    params: {
      minutes: Math.ceil((at - now) / 60_000),
      now: new Date(now).toISOString(),
      tolerance: Math.round((toleranceMs / 60_000) * 100) / 100,
    },
  };
}

export interface MovementRequest {
  type: PostableMovementType;
  quantity: number;
  location?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** A movement reduced to its double-entry essentials, still by location code. */
export interface ResolvedMovement {
  source: string;
  target: string;
  quantity: number;
}

export type Resolution = { ok: true; movement: ResolvedMovement } | { ok: false; issues: Issue[] };

const VIRTUAL_PARTNER: Record<
  Exclude<PostableMovementType, 'move' | 'adjustment'>,
  VirtualLocationCode
> = {
  receipt: '@supplier',
  return: '@customer',
  issue: '@customer',
  scrap: '@scrap',
};

/**
 * Turns what a user typed into a source, a target and a positive quantity, or into
 * every problem found (not only the first). `multiplier` is the pack size of the
 * barcode the row was scanned with (1 for a sku).
 *
 * Staff fill sheets loosely, so a receipt may name its location in `location` or `to`,
 * and an issue in `location` or `from`; naming two different places is a problem.
 *
 * @example
 * resolveMovement({ type: 'receipt', quantity: 2, location: 'W1' }, 12)
 * // → { ok: true, movement: { source: '@supplier', target: 'W1', quantity: 24 } }
 */
export function resolveMovement(request: MovementRequest, multiplier = 1): Resolution {
  const issues: Issue[] = [];
  const quantity = checkQuantity(request, multiplier, issues);

  let source: string | undefined;
  let target: string | undefined;
  switch (request.type) {
    case 'receipt':
    case 'return':
      source = VIRTUAL_PARTNER[request.type];
      target = pickOne(request, 'to', issues);
      forbid(request, 'from', issues);
      break;
    case 'issue':
    case 'scrap':
      source = pickOne(request, 'from', issues);
      target = VIRTUAL_PARTNER[request.type];
      forbid(request, 'to', issues);
      break;
    case 'adjustment': {
      const place = pickOne(request, 'location', issues);
      forbid(request, 'from', issues);
      forbid(request, 'to', issues);
      [source, target] = request.quantity < 0 ? [place, '@adjustment'] : ['@adjustment', place];
      break;
    }
    case 'move':
      forbid(request, 'location', issues);
      source = required(request.from, 'from', issues);
      target = required(request.to, 'to', issues);
      if (source !== undefined && source === target) {
        issues.push({
          path: 'to',
          code: 'locations_must_be_different',
          params: { location: source },
        });
      }
      break;
  }

  if (issues.length > 0 || source === undefined || target === undefined || quantity === undefined) {
    return { ok: false, issues };
  }
  return { ok: true, movement: { source, target, quantity } };
}

function checkQuantity(
  request: MovementRequest,
  multiplier: number,
  issues: Issue[],
): number | undefined {
  const q = request.quantity;
  if (request.type === 'adjustment') {
    if (q === 0) {
      issues.push({ path: 'quantity', code: 'quantity_must_not_be_zero' });
      return undefined;
    }
  } else if (q <= 0) {
    issues.push({ path: 'quantity', code: 'quantity_must_be_positive' });
    return undefined;
  }
  const total = Math.abs(q) * multiplier;
  if (total > MAX_QUANTITY) {
    issues.push({ path: 'quantity', code: 'quantity_too_large', params: { max: MAX_QUANTITY } });
    return undefined;
  }
  return total;
}

/**
 * The one internal location a single-place movement names, from `location` or from
 * its alias (`to` for receipts, `from` for issues).
 */
function pickOne(
  request: MovementRequest,
  alias: 'from' | 'to' | 'location',
  issues: Issue[],
): string | undefined {
  const named = request.location;
  const aliased = alias === 'location' ? undefined : request[alias];
  if (named !== undefined && aliased !== undefined && named !== aliased) {
    issues.push({ path: alias, code: 'fields_disagree', params: { field: 'location' } });
    return undefined;
  }
  const code = named ?? aliased;
  return required(code, 'location', issues);
}

function required(code: string | undefined, path: string, issues: Issue[]): string | undefined {
  if (code === undefined || code === '') {
    issues.push({ path, code: 'required' });
    return undefined;
  }
  if (isVirtualCode(code)) {
    issues.push({ path, code: 'location_must_be_internal', params: { location: code } });
    return undefined;
  }
  return code;
}

function forbid(
  request: MovementRequest,
  field: 'from' | 'to' | 'location',
  issues: Issue[],
): void {
  if (request[field] !== undefined) {
    issues.push({ path: field, code: 'field_not_allowed', params: { type: request.type } });
  }
}
