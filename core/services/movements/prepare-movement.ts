import { z } from 'zod';
import { canCorrectStock, type Actor } from '../../domain/actor.js';
import { MAX_QUANTITY, type Issue } from '../../domain/codes.js';
import { VIRTUAL_LOCATIONS } from '../../domain/locations.js';
import {
  occurredInFuture,
  POSTABLE_MOVEMENT_TYPES,
  resolveMovement,
} from '../../domain/movement.js';
import { MAX_AMOUNT, MAX_UNIT_COST, toE4, valueE4, withinMaxAmount } from '../../domain/money.js';
import { forbidden, notFound, validationFailed } from '../errors.js';
import type { Posting } from '../ledger/posting.js';
import { RefResolver, type ItemRef } from '../refs.js';
import { DEFAULT_FUTURE_TOLERANCE_MS } from '../../config/server-config.js';
import type { ServiceContext } from '../context.js';
import type { LotLookup, LotWanted } from '../ledger/lot-refs.js';
import { Problems } from '../problems.js';
import {
  BarcodeCode,
  IsoDateTime,
  IsoDay,
  LocationCode,
  LotCode,
  Money,
  Reference,
  Sku,
  Text,
  Quantity,
} from '../schemas.js';
import { textField, withRules } from '../validation.js';
import { requireWriteAt } from '../scope.js';

/** The fields of one movement as a client posts it (`POST /movements`, or one row of a batch). */
export const MovementFields = z.strictObject({
  type: z.enum(POSTABLE_MOVEMENT_TYPES),
  sku: Sku.nullish(),
  barcode: BarcodeCode.nullish(),
  quantity: Quantity(z.number().int().min(-MAX_QUANTITY).max(MAX_QUANTITY)),
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
  /** Receipts: receive a lot already past its expiry (to scrap it); admins and managers only. */
  acceptExpired: z.boolean().nullish(),
});

/** One movement, its request rules checked with its shape (`movementIssues`). */
export const MovementInput = withRules(MovementFields, (value) => movementIssues(value)).meta({
  id: 'MovementInput',
});
export type MovementInput = z.infer<typeof MovementInput>;

/**
 * The rules of a movement request that look at several fields, on what was sent (the
 * shape may have failed elsewhere): one of sku or barcode, the places its type needs,
 * the quantity's sign, a lot's expiry. `multiplier` is the scanned barcode's pack size,
 * known once the barcode is looked up. Fields the shape refused are left to the shape.
 */
export function movementIssues(value: Readonly<Record<string, unknown>>, multiplier = 1): Issue[] {
  const text = (key: string) =>
    typeof value[key] === 'string' ? (value[key] as string) : undefined;
  const refused = (key: string, type: string) => value[key] != null && typeof value[key] !== type;
  const issues: Issue[] = [];
  if (text('expiresOn') && !text('lot') && !refused('lot', 'string'))
    issues.push({ path: 'expiresOn', code: 'requires_field', params: { field: 'lot' } });
  if (text('expiresOn') && text('lot') && value['type'] !== 'receipt')
    issues.push({
      path: 'expiresOn',
      code: 'field_not_allowed',
      params: { type: String(value['type']) },
    });
  if (value['acceptExpired'] === true && value['type'] !== 'receipt')
    issues.push({
      path: 'acceptExpired',
      code: 'field_not_allowed',
      params: { type: String(value['type']) },
    });
  if (value['unitCost'] != null && !costed(value))
    issues.push({
      path: 'unitCost',
      code: 'field_not_allowed',
      params: { type: String(value['type']) },
    });
  if (
    !refused('sku', 'string') &&
    !refused('barcode', 'string') &&
    !text('sku') === !text('barcode')
  ) {
    issues.push({
      path: text('sku') ? 'barcode' : 'sku',
      ...(text('sku')
        ? { code: 'fields_disagree', params: { field: 'sku' } }
        : { code: 'sku_or_barcode_required' }),
    });
  }
  const type = value['type'];
  if (typeof type !== 'string' || !(POSTABLE_MOVEMENT_TYPES as readonly string[]).includes(type))
    return issues;
  const quantity = typeof value['quantity'] === 'number' ? value['quantity'] : undefined;
  const resolution = resolveMovement(
    {
      type: type as MovementInput['type'],
      quantity: quantity ?? 1,
      location: text('location'),
      from: text('from'),
      to: text('to'),
    },
    multiplier,
  );
  if (!resolution.ok) {
    for (const issue of resolution.issues) {
      if (issue.path === 'quantity' ? quantity === undefined : refused(issue.path, 'string'))
        continue;
      issues.push(issue);
    }
  }
  return issues;
}

/** Movements that bring stock in at a cost: receipts and positive adjustments. */
function costed(value: Readonly<Record<string, unknown>>): boolean {
  return (
    value['type'] === 'receipt' ||
    (value['type'] === 'adjustment' &&
      typeof value['quantity'] === 'number' &&
      value['quantity'] > 0)
  );
}

/** The codes a movement input names, for `RefResolver.load`. */
export function referencedCodes(inputs: readonly unknown[]) {
  const skus: string[] = [];
  const barcodes: string[] = [];
  // Every movement pairs with a virtual location; resolve them with the rest.
  const locations: string[] = VIRTUAL_LOCATIONS.map((l) => l.code);
  for (const input of inputs) {
    const sku = textField(input, 'sku');
    const barcode = textField(input, 'barcode');
    if (sku) skus.push(sku);
    if (barcode) barcodes.push(barcode);
    for (const field of ['location', 'from', 'to']) {
      const code = textField(input, field);
      if (code) locations.push(code);
    }
  }
  return { skus, barcodes, locations };
}

/**
 * Checks one movement against every rule that does not need the stock figures: the
 * request (`validation_failed`), what it names (`not_found`), who asks (`forbidden`),
 * every problem at once (`Problems`). Returns the posting or throws.
 */
export function prepareMovement(
  refs: RefResolver,
  actor: Actor,
  input: MovementInput,
  now: number,
  lots?: LotLookup,
  futureToleranceMs = DEFAULT_FUTURE_TOLERANCE_MS,
): Posting {
  if (actor.role === 'viewer') throw forbidden('role_cannot_write');
  // A return movement names no sale (POST /returns with `originalMovement` does): a correction.
  if (input.type === 'return' && !canCorrectStock(actor)) throw forbidden('unreferenced_return');
  if (input.acceptExpired && !canCorrectStock(actor)) throw forbidden('accept_expired');
  const problems = new Problems();
  const { item, barcode } = checkReferences(refs, input, problems);
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
  problems.add(...movementIssues(input, barcode?.multiplier ?? 1));
  const occurredAt = input.occurredAt ? Date.parse(input.occurredAt) : now;
  const ahead = occurredInFuture('occurredAt', occurredAt, now, futureToleranceMs);
  if (ahead) problems.add(ahead);
  // The schema allowed the cost: toE4 cannot fail. The movement's value must be an amount the ledger keeps.
  const unitCostE4 = input.unitCost != null && costed(input) ? toE4(input.unitCost)! : undefined;
  if (
    resolution.ok &&
    unitCostE4 !== undefined &&
    !withinMaxAmount(valueE4(resolution.movement.quantity, unitCostE4))
  ) {
    problems.add({ path: 'unitCost', code: 'amount_too_large', params: { max: MAX_AMOUNT } });
  }
  if (!problems.empty || !resolution.ok || !item) throw problems.answer() ?? validationFailed([]);
  const { source: sourceCode, target: targetCode, quantity } = resolution.movement;
  const source = refs.location(sourceCode)!;
  const target = refs.location(targetCode)!;

  const internal = [source, target].filter((l) => !l.isVirtual).map((l) => l.id);
  requireWriteAt(actor, internal);
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
    occurredAt,
    reason: input.reason ?? undefined,
    reference: input.reference ?? undefined,
    ...(input.type === 'return' ? { unreferenced: true } : {}),
    ...(unitCostE4 !== undefined ? { unitCostE4 } : {}),
    ...(lot ? { lot } : {}),
  };
}

/**
 * The item and places a movement row names, each unknown one recorded at its field.
 * Works on what was sent, so a row whose shape was refused still reports its unknown
 * sku or location.
 */
export function checkReferences(
  refs: RefResolver,
  row: unknown,
  problems: Problems,
): { item?: ItemRef | undefined; barcode?: { item: ItemRef; multiplier: number } | undefined } {
  const sku = textField(row, 'sku');
  const code = textField(row, 'barcode');
  const barcode = code && !sku ? refs.barcode(code) : undefined;
  const item = sku ? refs.item(sku) : barcode?.item;
  if (sku && !item) problems.refuse('sku', notFound('item', sku));
  if (code && !sku && !barcode) problems.refuse('barcode', notFound('barcode', code));
  for (const field of ['location', 'from', 'to']) {
    const place = textField(row, field);
    if (place && !refs.location(place)) problems.refuse(field, notFound('location', place));
  }
  return { item, barcode };
}

/**
 * What a movement body names that does not exist, as issues at its fields: asked for a
 * body whose shape was refused (`RouteSpec.references`), so the answer lists both.
 */
export async function movementReferenceIssues(ctx: ServiceContext, raw: unknown): Promise<Issue[]> {
  const refs = await new RefResolver(ctx.database.client).load(referencedCodes([raw]));
  const problems = new Problems();
  checkReferences(refs, raw, problems);
  return problems.issues();
}

/** The lots movement inputs name, for `resolveLots` (only rows whose item is known). */
export function referencedLots(refs: RefResolver, inputs: readonly MovementInput[]): LotWanted[] {
  return inputs.flatMap((input) => {
    if (!input.lot) return [];
    const item = input.sku
      ? refs.item(input.sku)
      : input.barcode
        ? refs.barcode(input.barcode)?.item
        : undefined;
    return item
      ? [
          {
            item,
            code: input.lot,
            expiresOn: input.expiresOn,
            mayCreate:
              input.type === 'receipt' || (input.type === 'adjustment' && input.quantity > 0),
            ...(input.type === 'receipt'
              ? { receiving: { acceptExpired: input.acceptExpired === true } }
              : {}),
          },
        ]
      : [];
  });
}
