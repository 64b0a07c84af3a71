import { z } from 'zod';
import { canWriteAt, type Actor } from '../../domain/actor.js';
import { MAX_QUANTITY, type Issue } from '../../domain/codes.js';
import { VIRTUAL_LOCATIONS } from '../../domain/locations.js';
import { POSTABLE_MOVEMENT_TYPES, resolveMovement } from '../../domain/movement.js';
import { MAX_AMOUNT, MAX_UNIT_COST, toE4, valueE4, withinMaxAmount } from '../../domain/money.js';
import { forbidden, notFound, validationFailed } from '../errors.js';
import type { Posting } from '../ledger/ledger-session.js';
import type { ItemRef, LocationRef, RefResolver } from '../ledger/refs.js';
import type { LotLookup, LotWanted } from '../ledger/lot-refs.js';
import { BarcodeCode, IsoDateTime, IsoDay, LocationCode, LotCode, Money, Reference, Sku, Text } from '../schemas.js';

/** One movement as a client posts it (`POST /movements`, or one row of a batch). */
export const MovementInput = z
  .strictObject({
    type: z.enum(POSTABLE_MOVEMENT_TYPES),
    sku: Sku.nullish(),
    barcode: BarcodeCode.nullish(),
    quantity: z.number().int().min(-MAX_QUANTITY).max(MAX_QUANTITY),
    location: LocationCode.nullish(),
    from: LocationCode.nullish(),
    to: LocationCode.nullish(),
    reason: Text(200).nullish(),
    reference: Reference.nullish(),
    occurredAt: IsoDateTime.nullish(),
    /** Lot-tracked items: the lot (required on receipts; issues take first-expiry-first-out without one). */
    lot: LotCode.nullish(),
    /** With `lot` on a receipt: the day the lot expires. */
    expiresOn: IsoDay.nullish(),
    /** Receipts and positive adjustments: what a base unit cost, folded into the item's moving-average cost. */
    unitCost: Money(MAX_UNIT_COST, 'Per base unit, in currency units').nullish(),
  })
  .meta({ id: 'MovementInput' });
export type MovementInput = z.infer<typeof MovementInput>;

/** The codes a movement input names, for `RefResolver.load`. */
export function referencedCodes(inputs: readonly MovementInput[]) {
  const skus: string[] = [];
  const barcodes: string[] = [];
  // Every movement pairs with a virtual location; resolve them with the rest.
  const locations: string[] = VIRTUAL_LOCATIONS.map((l) => l.code);
  for (const input of inputs) {
    if (input.sku) skus.push(input.sku);
    if (input.barcode) barcodes.push(input.barcode);
    for (const code of [input.location, input.from, input.to]) if (code) locations.push(code);
  }
  return { skus, barcodes, locations };
}

/**
 * Checks one movement against every rule that does not need the stock figures, in
 * the order of precedence of their codes: the request (`validation_failed`), what it
 * names (`not_found`), who asks (`forbidden`). Returns the posting or throws.
 */
export function prepareMovement(refs: RefResolver, actor: Actor, input: MovementInput, now: number, lots?: LotLookup): Posting {
  if (actor.role === 'viewer') throw forbidden('role_cannot_write');
  const issues: Issue[] = [];
  if (input.expiresOn && !input.lot) issues.push({ path: 'expiresOn', code: 'requires_field', params: { field: 'lot' } });
  if (input.expiresOn && input.lot && input.type !== 'receipt') issues.push({ path: 'expiresOn', code: 'field_not_allowed', params: { type: input.type } });
  const costed = input.type === 'receipt' || (input.type === 'adjustment' && input.quantity > 0);
  if (input.unitCost != null && !costed) issues.push({ path: 'unitCost', code: 'field_not_allowed', params: { type: input.type } });
  if (!input.sku === !input.barcode) {
    issues.push({ path: input.sku ? 'barcode' : 'sku', code: input.sku ? 'fields_disagree' : 'sku_or_barcode_required' });
  }
  const barcode = input.barcode ? refs.barcode(input.barcode) : undefined;
  const resolution = resolveMovement(
    {
      type: input.type,
      quantity: input.quantity,
      location: input.location ?? undefined,
      from: input.from ?? undefined,
      to: input.to ?? undefined,
    },
    barcode?.multiplier ?? 1,
  );
  if (!resolution.ok) issues.push(...resolution.issues);
  // The schema allowed the cost: toE4 cannot fail. The movement's value must be an amount the ledger keeps.
  const unitCostE4 = input.unitCost != null && costed ? toE4(input.unitCost)! : undefined;
  if (resolution.ok && unitCostE4 !== undefined && !withinMaxAmount(valueE4(resolution.movement.quantity, unitCostE4))) {
    issues.push({ path: 'unitCost', code: 'amount_too_large', params: { max: MAX_AMOUNT } });
  }
  if (issues.length > 0 || !resolution.ok) throw validationFailed(issues);

  const item: ItemRef | undefined = input.sku ? refs.item(input.sku) : barcode?.item;
  if (!item) throw input.sku ? notFound('item', input.sku) : notFound('barcode', input.barcode!);
  const { source: sourceCode, target: targetCode, quantity } = resolution.movement;
  const source = locationOrThrow(refs, sourceCode);
  const target = locationOrThrow(refs, targetCode);

  const internal = [source, target].filter((l) => !l.isVirtual).map((l) => l.id);
  if (!canWriteAt(actor, internal)) throw forbidden('location_out_of_scope');
  let lot: Posting['lot'];
  if (input.lot) {
    const found = lots ? lots(item, input.lot) : undefined;
    if (!found) throw new Error('prepareMovement: a lot was named but no lots were resolved');
    if (found instanceof Error) throw found;
    lot = found;
  }

  return {
    type: input.type,
    item,
    source,
    target,
    quantity,
    occurredAt: input.occurredAt ? Date.parse(input.occurredAt) : now,
    reason: input.reason ?? undefined,
    reference: input.reference ?? undefined,
    ...(unitCostE4 !== undefined ? { unitCostE4 } : {}),
    ...(lot ? { lot } : {}),
  };
}

/** The lots movement inputs name, for `resolveLots` (only rows whose item is known). */
export function referencedLots(refs: RefResolver, inputs: readonly MovementInput[]): LotWanted[] {
  return inputs.flatMap((input) => {
    if (!input.lot) return [];
    const item = input.sku ? refs.item(input.sku) : input.barcode ? refs.barcode(input.barcode)?.item : undefined;
    return item ? [{ item, code: input.lot, expiresOn: input.expiresOn, mayCreate: input.type === 'receipt' || (input.type === 'adjustment' && input.quantity > 0) }] : [];
  });
}

function locationOrThrow(refs: RefResolver, code: string): LocationRef {
  const location = refs.location(code);
  if (!location) throw notFound('location', code);
  return location;
}
