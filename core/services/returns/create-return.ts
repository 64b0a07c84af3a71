import { z } from 'zod';
import { canCorrectStock } from '../../domain/actor.js';
import type { Issue } from '../../domain/codes.js';
import { MAX_QUANTITY } from '../../domain/codes.js';
import { customerReturns, returnLines } from '../../db/schema.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, validationFailed } from '../errors.js';
import { postAll } from '../ledger/ledger-session.js';
import type { Posting } from '../ledger/posting.js';
import { resolveLots } from '../ledger/lot-refs.js';
import { codesOfLines, lineItem } from '../ledger/line-item.js';
import { RefResolver, virtualLocation, type ItemRef, type LotRef } from '../refs.js';
import { cameBack } from '../movements/came-back.js';
import { loadMovements } from '../movements/load-movements.js';
import { publish } from '../outbox.js';
import {
  BarcodeCode,
  Id,
  LocationCode,
  LotCode,
  Reference,
  Sku,
  Text,
  Quantity,
} from '../schemas.js';
import { requireWriteAt } from '../scope.js';
import { loadReturn, quarantineOf, type ReturnDto } from './return-record.js';

export const CreateReturnInput = z
  .strictObject({
    location: LocationCode,
    /** true: the stock waits in the location's quarantine (on hand, not available) until inspected. */
    inspect: z.boolean().default(false),
    /** The order it comes back from, when known. */
    reference: Reference.nullish(),
    reason: Text(200).nullish(),
    lines: z
      .array(
        z.strictObject({
          sku: Sku.optional(),
          barcode: BarcodeCode.optional(),
          quantity: Quantity(z.number().int().positive().max(MAX_QUANTITY)),
          /** Lot-tracked items: the lot coming back (taken from `originalMovement` when it moved one lot). */
          lot: LotCode.optional(),
          /** The issue (sale) it returns: no more can come back than it took out. */
          originalMovement: Id.optional(),
        }),
      )
      .min(1)
      .max(500),
  })
  .meta({ id: 'CreateReturnInput' });
export type CreateReturnInput = z.infer<typeof CreateReturnInput>;

/**
 * A customer return: `return` movements `@customer → location` (or its quarantine,
 * with `inspect`), referencing the sale when known, in one transaction. A return of
 * more than the referenced sale took out (counting earlier returns of it) is refused.
 */
export async function createReturn({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateReturnInput;
}): Promise<ReturnDto> {
  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const refs = await new RefResolver(tx.raw).load({
      ...codesOfLines(input.lines),
      locations: [input.location],
    });
    const location = refs.internalLocation(input.location);
    requireWriteAt(ctx.actor, [location.id]);
    // What names no sale cannot be checked against one: a correction, for those who may make them.
    const unreferenced = input.lines.some((l) => l.originalMovement === undefined);
    if (unreferenced && !canCorrectStock(ctx.actor)) throw forbidden('unreferenced_return');

    const issues: Issue[] = [];
    const lines: Array<{
      item: ItemRef;
      quantity: number;
      lotCode?: string | undefined;
      original?: { seq: number; lots?: Posting['lots'] };
    }> = [];
    const returnedNow = new Map<number, number>();
    for (const [i, l] of input.lines.entries()) {
      const named = lineItem(refs, l, `lines.${i}`);
      if ('code' in named) {
        issues.push(named);
        continue;
      }
      const { item } = named;
      const quantity = l.quantity * named.multiplier;
      let original: { seq: number; lots?: Posting['lots'] } | undefined;
      if (l.originalMovement !== undefined) {
        const [m] = await loadMovements(tx, { seq: l.originalMovement, limit: 1 });
        if (!m || m.item.id !== item.id || m.type !== 'issue') {
          issues.push({
            path: `lines.${i}.originalMovement`,
            code: 'not_a_sale_of_item',
            params: { sku: item.sku, movement: l.originalMovement },
          });
          continue;
        }
        const came = await cameBack(tx.raw, m.seq);
        const before = came.returned;
        const reversed = came.reversed ? m.quantity : 0;
        const total = before + (returnedNow.get(m.seq) ?? 0) + quantity;
        if (total + reversed > m.quantity) {
          issues.push({
            path: `lines.${i}.quantity`,
            code: 'more_than_sold',
            params: { sold: m.quantity, returned: before, reversed, sku: item.sku },
          });
          continue;
        }
        returnedNow.set(m.seq, total - before);
        original = { seq: m.seq, ...(m.lots ? { lots: m.lots } : {}) };
      }
      const lotCode =
        l.lot ?? (original?.lots?.length === 1 ? original.lots[0]!.lot.code : undefined);
      lines.push({ item, quantity, lotCode, ...(original ? { original } : {}) });
    }
    if (issues.length > 0) throw validationFailed(issues);

    const lookup = await resolveLots(
      tx,
      lines.flatMap((l) =>
        l.lotCode ? [{ item: l.item, code: l.lotCode, mayCreate: false }] : [],
      ),
      { persist: true, now },
    );
    const lotOf = (l: (typeof lines)[number], i: number): LotRef | undefined => {
      if (!l.lotCode) return undefined;
      const found = lookup(l.item, l.lotCode);
      if (found instanceof Error)
        throw found.code === 'validation_failed'
          ? validationFailed(
              ((found.details as Issue[]) ?? []).map((d) => ({ ...d, path: `lines.${i}.lot` })),
            )
          : found;
      return found;
    };
    const resolved = lines.map((l, i) => ({ ...l, lot: lotOf(l, i) }));

    const target = input.inspect ? await quarantineOf(tx, ctx, location) : location;
    const [created] = await tx
      .insert(customerReturns)
      .values({
        locationId: location.id,
        status: input.inspect ? 'inspecting' : 'received',
        inspect: input.inspect,
        reference: input.reference ?? null,
        reason: input.reason ?? null,
        createdBy: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: customerReturns.id });
    const id = created!.id;
    await tx.insert(returnLines).values(
      resolved.map((l) => ({
        returnId: id,
        itemId: l.item.id,
        lotId: l.lot?.id ?? null,
        quantity: l.quantity,
        originalSeq: l.original?.seq ?? null,
        accepted: input.inspect ? 0 : l.quantity,
      })),
    );
    const customer = await virtualLocation(tx.raw, '@customer');
    await postAll(
      tx,
      { actorId: ctx.actor.id, now, requestId: ctx.requestId, client: ctx.client },
      resolved.map((l) => ({
        type: 'return',
        item: l.item,
        source: customer,
        target,
        quantity: l.quantity,
        occurredAt: now,
        reason: input.reason ?? undefined,
        reference: input.reference ?? (l.original ? `movement:${l.original.seq}` : undefined),
        document: { type: 'return', id },
        ...(l.original ? {} : { unreferenced: true }),
        ...(l.lot ? { lot: l.lot } : {}),
      })),
    );
    await audit(tx, ctx, {
      action: 'return.create',
      entity: 'return',
      entityId: id,
      after: {
        ...input,
        unreferenced,
        lines: input.lines.map((l) =>
          l.originalMovement === undefined ? { ...l, unreferenced: true } : l,
        ),
      },
    });
    await publish(tx, now, {
      topic: 'return.created',
      document: { type: 'return', id },
      payload: { returnId: id, location: location.code, inspect: input.inspect },
    });
    return loadReturn(tx, id);
  });
}
