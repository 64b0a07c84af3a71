import { z } from 'zod';
import { MAX_QUANTITY } from '../../domain/codes.js';
import { transferLines, transfers } from '../../db/schema.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import { Problems } from '../problems.js';
import { RefResolver, type ItemRef, type LocationRef } from '../refs.js';
import { insertHold } from '../reservations/hold-records.js';
import { LocationCode, Sku, Text, Quantity } from '../schemas.js';
import { submitLoaded } from './transfer-lifecycle.js';
import { loadTransfer, toTransferDto, type TransferDto } from './transfer-record.js';
import { may } from './transfer-rules.js';

export const CreateTransferInput = z
  .strictObject({
    from: LocationCode,
    to: LocationCode,
    lines: z
      .array(
        z.strictObject({
          sku: Sku,
          quantity: Quantity(z.number().int().positive().max(MAX_QUANTITY)),
        }),
      )
      .min(1)
      .max(500),
    note: Text(1000).nullish(),
    /** Default true: send it for approval at once. False keeps a draft (its stock is held all the same). */
    submit: z.boolean().default(true),
  })
  .meta({ id: 'CreateTransferInput' });
export type CreateTransferInput = z.infer<typeof CreateTransferInput>;

/**
 * Requests stock from one location for another. The stock is held at the source at
 * once, so it cannot be sold while the request waits for approval; then the request
 * is submitted (unless `submit: false`): to approval, or approved straight away when
 * no policy level applies.
 */
export async function createTransfer({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateTransferInput;
}): Promise<TransferDto> {
  const problems = new Problems();
  if (input.from === input.to)
    problems.add({
      path: 'to',
      code: 'locations_must_be_different',
      params: { location: input.from },
    });
  input.lines.forEach((line, i) => {
    if (input.lines.findIndex((l) => l.sku === line.sku) !== i)
      problems.add({
        path: `lines.${i}.sku`,
        code: 'invalid_value',
        params: { duplicate: line.sku },
      });
  });

  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const refs = await new RefResolver(tx.raw).load({
      skus: input.lines.map((l) => l.sku),
      locations: [input.from, input.to],
    });
    const from = problems.at('from', () => refs.internalLocation(input.from, ''));
    const to = problems.at('to', () => refs.internalLocation(input.to, ''));
    const lines = input.lines.flatMap((l, i) => {
      const item = refs.item(l.sku);
      if (!item) problems.refuse(`lines.${i}.sku`, notFound('item', l.sku));
      return item ? [{ item, quantity: l.quantity, index: i }] : [];
    });
    if (from && to && !may.request(ctx.actor, from.id, to.id)) {
      // The request's own problems come first (codes in order of precedence); stock is not shown.
      problems.throwIfAny();
      throw forbidden('location_out_of_scope');
    }
    // Every line that can be held is tried, so a shortage is reported beside an unknown sku.
    const session = new LedgerSession(tx, {
      actorId: ctx.actor.id,
      now,
      requestId: ctx.requestId,
      client: ctx.client,
    });
    if (from) {
      await session.load(lines.map((l) => ({ item: l.item, location: from })));
      for (const line of lines)
        problems.at(`lines.${line.index}`, () => session.hold(line.item, from, line.quantity));
    }
    problems.throwIfAny();

    const [created] = await tx
      .insert(transfers)
      .values({
        fromLocationId: from!.id,
        toLocationId: to!.id,
        status: 'draft',
        note: input.note ?? null,
        requestedBy: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: transfers.id });
    const id = created!.id;
    await session.flush();
    await recordHolds(tx, ctx, { id, from: from!, lines, now });
    await audit(tx, ctx, {
      action: 'transfer.create',
      entity: 'transfer',
      entityId: id,
      after: { from: from!.code, to: to!.code, lines: input.lines, note: input.note ?? null },
    });
    if (input.submit) await submitLoaded(tx, ctx, await loadTransfer(tx, id));
    return toTransferDto(await loadTransfer(tx, id));
  });
}

/** The holds the session took, one per line, named after the transfer. */
async function recordHolds(
  tx: Parameters<typeof insertHold>[0],
  ctx: ServiceContext,
  t: {
    id: number;
    from: LocationRef;
    lines: Array<{ item: ItemRef; quantity: number }>;
    now: number;
  },
) {
  for (const line of t.lines) {
    const reservationId = await insertHold(tx, {
      itemId: line.item.id,
      locationId: t.from.id,
      quantity: line.quantity,
      reference: `transfer:${t.id}`,
      actorId: ctx.actor.id,
      now: t.now,
    });
    await tx
      .insert(transferLines)
      .values({ transferId: t.id, itemId: line.item.id, quantity: line.quantity, reservationId });
  }
}
