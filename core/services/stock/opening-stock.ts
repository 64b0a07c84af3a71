import { z } from 'zod';
import { canMaintainItems } from '../../domain/actor.js';
import { MAX_QUANTITY, type Issue } from '../../domain/codes.js';
import {
  fromE4,
  MAX_AMOUNT,
  MAX_UNIT_COST,
  toE4,
  valueE4,
  withinMaxAmount,
} from '../../domain/money.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, ServiceError, validationFailed } from '../errors.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import type { Posting } from '../ledger/posting.js';
import { resolveLots } from '../ledger/lot-refs.js';
import { RefResolver } from '../refs.js';
import { MovementDto, toMovementDto } from '../movements/movement-dto.js';
import { IsoDay, LocationCode, LotCode, Money, Sku, Quantity } from '../schemas.js';
import { zodIssues } from '../validation.js';
import { requireWriteAt } from '../scope.js';

/*
 * Opening stock: a shop moving in from spreadsheets starts with balances that have a
 * value. Every row is an adjustment into a store or warehouse at its unit cost, which
 * the ledger folds into the item's moving average; all rows post in one transaction,
 * or none does and every problem of every row is reported.
 */

export const MAX_OPENING_ROWS = 10_000;

export const OpeningRow = z
  .strictObject({
    sku: Sku,
    location: LocationCode,
    quantity: Quantity(z.number().int().positive().max(MAX_QUANTITY)),
    /** What a base unit cost; omitted: the item is valued at its current cost, or reported as without cost. */
    unitCost: Money(MAX_UNIT_COST, 'Per base unit, in currency units').nullish(),
    /** Lot-tracked items: the lot and the day it expires. */
    lot: LotCode.nullish(),
    expiresOn: IsoDay.nullish(),
  })
  .meta({ id: 'OpeningRow' });
export type OpeningRow = z.infer<typeof OpeningRow>;

/** The envelope only: rows are parsed one by one, so that every row's problems are reported. */
export const OpeningStockInput = z.strictObject({
  rows: z.array(z.unknown()).min(1).max(MAX_OPENING_ROWS),
  /** Lots already past their expiry are refused (`lot_expired`) unless this is true (to scrap them). */
  acceptExpired: z.boolean().nullish(),
});
export type OpeningStockInput = z.infer<typeof OpeningStockInput>;
export const OpeningStockDoc = z
  .strictObject({
    rows: z.array(OpeningRow).min(1).max(MAX_OPENING_ROWS),
    acceptExpired: z.boolean().nullish(),
  })
  .meta({ id: 'OpeningStockInput' });

export const OpeningStockResult = z
  .object({
    posted: z.number().int(),
    units: z.number().int(),
    value: z.number().describe('What the opening stock is worth at the costs given'),
    rows: z
      .array(z.object({ index: z.number().int(), movement: MovementDto }))
      .describe('The movement each row posted'),
  })
  .meta({ id: 'OpeningStockResult' });
export type OpeningStockResult = z.infer<typeof OpeningStockResult>;

/**
 * Posts opening balances (admins and managers, at locations they may write to):
 * `@adjustment → location` per row, reason `opening stock`, atomic. Problems come
 * back as one `validation_failed` with a path per row (`rows.3.sku`).
 */
export async function postOpeningStock({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: OpeningStockInput;
}): Promise<OpeningStockResult> {
  if (!canMaintainItems(ctx.actor)) throw forbidden('role_cannot_post_opening_stock');
  const issues: Issue[] = [];
  const rows = input.rows.flatMap((raw, index) => {
    const parsed = OpeningRow.safeParse(raw, { reportInput: true });
    if (!parsed.success) {
      issues.push(...zodIssues(parsed.error, `rows.${index}`));
      return [];
    }
    return [{ index, row: parsed.data }];
  });

  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const refs = await new RefResolver(tx.raw).load({
      skus: rows.map((r) => r.row.sku),
      locations: ['@adjustment', ...rows.map((r) => r.row.location)],
    });
    const adjustment = refs.location('@adjustment')!;
    const seen = new Map<string, number>();
    const ready = rows.flatMap(({ index, row }) => {
      const at = (field: string) => `rows.${index}.${field}`;
      const before = issues.length;
      const item = refs.item(row.sku);
      const location = refs.location(row.location);
      if (!item) issues.push({ path: at('sku'), code: 'unknown_sku', params: { sku: row.sku } });
      if (!location)
        issues.push({
          path: at('location'),
          code: 'unknown_location',
          params: { location: row.location },
        });
      else if (location.isVirtual)
        issues.push({
          path: at('location'),
          code: 'location_must_be_internal',
          params: { location: row.location },
        });
      if (row.expiresOn && !row.lot)
        issues.push({ path: at('expiresOn'), code: 'requires_field', params: { field: 'lot' } });
      const unitCostE4 = row.unitCost == null ? undefined : toE4(row.unitCost)!;
      if (unitCostE4 !== undefined && !withinMaxAmount(valueE4(row.quantity, unitCostE4))) {
        issues.push({
          path: at('unitCost'),
          code: 'amount_too_large',
          params: { max: MAX_AMOUNT },
        });
      }
      const key = `${row.sku}\u0000${row.location}\u0000${row.lot ?? ''}`;
      const first = seen.get(key);
      if (first !== undefined)
        issues.push({
          path: at('sku'),
          code: 'invalid_value',
          params: { duplicate: row.sku, row: first },
        });
      else seen.set(key, index);
      if (issues.length > before || !item || !location) return [];
      return [{ index, row, item, location, unitCostE4 }];
    });
    requireWriteAt(
      ctx.actor,
      ready.filter((r) => !r.location.isVirtual).map((r) => r.location.id),
    );

    const withLot = ready.filter((r) => r.row.lot);
    const lots =
      withLot.length > 0
        ? await resolveLots(
            tx,
            withLot.map((r) => ({
              item: r.item,
              code: r.row.lot!,
              expiresOn: r.row.expiresOn,
              mayCreate: true,
              // Only admins and managers post opening stock: they may accept expired lots.
              receiving: { acceptExpired: input.acceptExpired === true },
            })),
            { persist: true, now },
          )
        : undefined;
    const session = await new LedgerSession(tx, {
      actorId: ctx.actor.id,
      now,
      requestId: ctx.requestId,
      client: ctx.client,
    }).load(
      ready.flatMap((r) => [
        { item: r.item, location: adjustment },
        { item: r.item, location: r.location },
      ]),
    );
    const posted: number[] = [];
    for (const r of ready) {
      const rowIssues = (error: ServiceError): Issue[] =>
        error.code === 'validation_failed'
          ? ((error.details as Issue[] | undefined) ?? []).map((d) => ({
              ...d,
              path: `rows.${r.index}.${d.path}`,
            }))
          : [
              {
                path: `rows.${r.index}`,
                code: error.code,
                params: (error.params as Record<string, string | number> | undefined) ?? {},
              },
            ];
      const lot = r.row.lot ? lots!(r.item, r.row.lot) : undefined;
      if (lot instanceof ServiceError) {
        issues.push(...rowIssues(lot));
        continue;
      }
      if (!lot && session.isLotTracked(r.item)) {
        issues.push({
          path: `rows.${r.index}.lot`,
          code: 'lot_required',
          params: { sku: r.item.sku },
        });
        continue;
      }
      const posting: Posting = {
        type: 'adjustment',
        item: r.item,
        source: adjustment,
        target: r.location,
        quantity: r.row.quantity,
        occurredAt: now,
        reason: 'opening stock',
        reference: 'opening',
        ...(r.unitCostE4 !== undefined ? { unitCostE4: r.unitCostE4 } : {}),
        ...(lot ? { lot } : {}),
      };
      try {
        session.post(posting);
        posted.push(r.index);
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        issues.push(...rowIssues(error));
      }
    }
    if (issues.length > 0) throw validationFailed(issues.sort((a, b) => rowOf(a) - rowOf(b)));

    const movements = await session.flush();
    const value = ready.reduce((sum, r) => sum + valueE4(r.row.quantity, r.unitCostE4 ?? null), 0n);
    const units = ready.reduce((sum, r) => sum + r.row.quantity, 0);
    await audit(tx, ctx, {
      action: 'stock.opening',
      entity: 'stock',
      entityId: 'opening',
      after: {
        rows: ready.length,
        units,
        valueE4: String(value),
        movements: [movements[0]?.seq, movements.at(-1)?.seq],
      },
    });
    return {
      posted: movements.length,
      units,
      value: fromE4(value),
      rows: movements.map((m, i) => ({
        index: posted[i]!,
        movement: toMovementDto(m, ctx.actor.name),
      })),
    };
  });
}

function rowOf(issue: Issue): number {
  return Number(/^rows\.(\d+)/.exec(issue.path)?.[1] ?? 0);
}
