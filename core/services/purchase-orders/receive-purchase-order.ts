import { and, eq } from 'drizzle-orm';
import { canCorrectStock } from '../../domain/actor.js';
import type { Issue } from '../../domain/codes.js';
import { receivableAtMost, receivedStatus } from '../../domain/documents.js';
import { purchaseOrderLines } from '../../db/schema.js';
import { audit } from '../audit.js';
import { assertCan, transition } from '../lifecycle/lifecycle.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, ServiceError, validationFailed } from '../errors.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import { everyLine } from '../problems.js';
import { publish } from '../outbox.js';
import { z } from 'zod';
import { MAX_QUANTITY } from '../../domain/codes.js';
import { resolveLots } from '../ledger/lot-refs.js';
import { codesOfLines, lineItem, namedItem, unknownItemOf } from '../ledger/line-item.js';
import { parseRows, prefixed } from '../validation.js';
import { RefResolver, virtualLocation } from '../refs.js';
import { BarcodeCode, IsoDay, LotCode, Sku, Quantity } from '../schemas.js';

import {
  loadPurchaseOrder,
  toPurchaseOrderDto,
  type PurchaseOrderDto,
  type PurchaseOrderRecord,
} from './po-record.js';
import { requireWriteAt } from '../scope.js';

/** One line of a receipt. */
export const ReceivePurchaseOrderLine = z.strictObject({
  /** The item by its sku, or by a scanned `barcode` (one of them). */
  sku: Sku.optional(),
  /** A pack barcode counts its multiplier per unit: 2 × a case of 12 is 24 received. */
  barcode: BarcodeCode.optional(),
  quantity: Quantity(z.number().int().positive().max(MAX_QUANTITY)),
  /** Lot-tracked items: the lot and its expiry (a line may arrive as several lots: one line per lot). */
  lot: LotCode.nullish(),
  expiresOn: IsoDay.nullish(),
});

/** The envelope; lines are checked one by one (`parseRows`), so a malformed line hides nothing. */
export const ReceivePurchaseOrderInput = z.strictObject({
  lines: z.array(z.unknown()).min(1).max(500),
  version: z.number().int().positive().nullish(),
  /** Receive lots already past their expiry (to scrap them); admins and managers only. */
  acceptExpired: z.boolean().nullish(),
});
export type ReceivePurchaseOrderInput = z.infer<typeof ReceivePurchaseOrderInput>;
/** The receipt as documented (lines typed). */
export const ReceivePurchaseOrderDoc = ReceivePurchaseOrderInput.extend({
  lines: z.array(ReceivePurchaseOrderLine).min(1).max(500),
}).meta({ id: 'ReceivePurchaseOrderInput' });

/**
 * Receives ordered stock, in parts if need be: `@supplier → location` at the line's
 * unit cost, which the ledger folds into the item's moving-average cost. Lines name the
 * item by sku or by a scanned barcode (its pack multiplier applied); lines of the same
 * item and lot add up. A line receives at most what was ordered plus the supplier's
 * over-receipt tolerance (`more_than_ordered`).
 */
export async function receivePurchaseOrder({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  input: ReceivePurchaseOrderInput;
}): Promise<PurchaseOrderDto> {
  return withTransaction(ctx, async (tx) => {
    const po = await loadPurchaseOrder(tx, id);
    requireWriteAt(ctx.actor, [po.location.id]);
    assertCan('purchase_order', po, 'receive', input.version);
    if (input.acceptExpired && !canCorrectStock(ctx.actor)) throw forbidden('accept_expired');

    const rows = parseRows(ReceivePurchaseOrderLine, input.lines);
    const refs = await new RefResolver(tx.raw).load(codesOfLines(input.lines.map(namedItem)));
    const issues: Issue[] = rows.flatMap((r) =>
      'issues' in r
        ? [
            ...prefixed(r.issues, `lines.${r.index}`),
            ...unknownItemOf(refs, r.raw, `lines.${r.index}`),
          ]
        : [],
    );
    const tolerancePercent = po.supplier.overReceiptPercent;
    const arrivingByLine = new Map<number, number>();
    const byLot = new Map<
      string,
      {
        line: PurchaseOrderRecord['lines'][number];
        quantity: number;
        lot: string | undefined;
        expiresOn: string | undefined;
        index: number;
      }
    >();
    for (const { index: i, value: l } of rows.flatMap((r) => ('value' in r ? [r] : []))) {
      const named = lineItem(refs, l, `lines.${i}`);
      if ('code' in named) {
        issues.push(named);
        continue;
      }
      const line = po.lines.find((x) => x.itemId === named.item.id);
      if (!line) {
        issues.push({
          path: `lines.${i}.${l.sku ? 'sku' : 'barcode'}`,
          code: 'invalid_value',
          params: { reason: 'not_on_order', sku: named.item.sku },
        });
        continue;
      }
      if (l.expiresOn && !l.lot)
        issues.push({
          path: `lines.${i}.expiresOn`,
          code: 'requires_field',
          params: { field: 'lot' },
        });
      const quantity = l.quantity * named.multiplier;
      if (quantity > MAX_QUANTITY) {
        issues.push({
          path: `lines.${i}.quantity`,
          code: 'quantity_too_large',
          params: { max: MAX_QUANTITY },
        });
        continue;
      }
      const before = arrivingByLine.get(line.id) ?? 0;
      arrivingByLine.set(line.id, before + quantity);
      const most = receivableAtMost(line.quantity, tolerancePercent);
      // Reported once, on the line that takes the item past what may arrive.
      if (line.received + before <= most && line.received + before + quantity > most) {
        issues.push({
          path: `lines.${i}.quantity`,
          code: 'more_than_ordered',
          params: {
            sku: line.sku,
            ordered: line.quantity,
            received: line.received,
            maximum: Math.max(0, most - line.received),
            tolerancePercent,
          },
        });
      }
      const key = `${line.id}:${l.lot ?? ''}`;
      const same = byLot.get(key);
      if (same) same.quantity += quantity;
      else
        byLot.set(key, {
          line,
          quantity,
          lot: l.lot ?? undefined,
          expiresOn: l.expiresOn ?? undefined,
          index: i,
        });
    }
    const arriving = [...byLot.values()];

    const now = ctx.now();
    const withLot = arriving.filter((a) => a.lot);
    const lots =
      withLot.length > 0
        ? await resolveLots(
            tx,
            withLot.map((a) => ({
              item: { id: a.line.itemId, sku: a.line.sku },
              code: a.lot!,
              expiresOn: a.expiresOn,
              mayCreate: true,
              receiving: { acceptExpired: input.acceptExpired === true },
            })),
            { persist: true, now },
          )
        : undefined;
    const lotIssues = withLot.flatMap((a) => {
      const found = lots!({ id: a.line.itemId, sku: a.line.sku }, a.lot!);
      return found instanceof ServiceError
        ? ((found.details as Issue[] | undefined) ?? []).map((d) => ({
            ...d,
            path: `lines.${a.index}.${d.path}`,
          }))
        : [];
    });
    // Every problem of every line at once: its shape, its item, its quantity, its lot.
    if (issues.length + lotIssues.length > 0) throw validationFailed([...issues, ...lotIssues]);
    const receivedNow = (lineId: number) =>
      arriving.filter((a) => a.line.id === lineId).reduce((sum, a) => sum + a.quantity, 0);
    const status = receivedStatus(
      po.lines.map((l) => ({ expected: l.quantity, received: l.received + receivedNow(l.id) })),
    );
    await transition(tx, 'purchase_order', po, 'receive', status, now);

    for (const line of po.lines.filter((l) => receivedNow(l.id) > 0)) {
      await tx
        .update(purchaseOrderLines)
        .set({ received: line.received + receivedNow(line.id) })
        .where(and(eq(purchaseOrderLines.id, line.id)));
    }

    const supplier = await virtualLocation(tx.raw, '@supplier');
    const session = new LedgerSession(tx, {
      actorId: ctx.actor.id,
      now,
      requestId: ctx.requestId,
      client: ctx.client,
    });
    await session.load(
      arriving.flatMap(({ line }) => [
        { item: { id: line.itemId, sku: line.sku }, location: supplier },
        { item: { id: line.itemId, sku: line.sku }, location: po.location },
      ]),
    );
    // Every line that needs a lot and has none is reported, each at its row (`lines.3.lot`).
    everyLine(
      arriving,
      ({ line, quantity, lot }) => {
        const found = lot ? lots!({ id: line.itemId, sku: line.sku }, lot) : undefined;
        session.post({
          ...(found && !(found instanceof ServiceError) ? { lot: found } : {}),
          type: 'receipt',
          item: { id: line.itemId, sku: line.sku },
          source: supplier,
          target: po.location,
          quantity,
          occurredAt: now,
          reference: `purchase_order:${id}`,
          document: { type: 'purchase_order', id },
          unitCostE4: line.unitCostE4,
        });
      },
      (i) => `lines.${arriving[i]!.index}`,
    );
    await session.flush();
    await audit(tx, ctx, {
      action: 'purchase_order.receive',
      entity: 'purchase_order',
      entityId: id,
      before: { status: po.status },
      after: {
        status,
        lines: input.lines,
        received: arriving.map((a) => ({
          sku: a.line.sku,
          quantity: a.quantity,
          ...(a.lot ? { lot: a.lot } : {}),
        })),
      },
    });
    await publish(tx, now, {
      topic: `purchase_order.${status}`,
      document: po,
      payload: { purchaseOrderId: id, status, by: ctx.actor.name },
    });
    return toPurchaseOrderDto(await loadPurchaseOrder(tx, id));
  });
}
