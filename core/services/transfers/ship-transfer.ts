import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { MAX_QUANTITY } from '../../domain/codes.js';
import { heldAtSource } from '../../domain/documents.js';
import { reservations, transferLines, transfers } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { audit } from '../audit.js';
import { assertCan, transition } from '../lifecycle/lifecycle.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, invalidState } from '../errors.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import { virtualLocation } from '../refs.js';
import { publish } from '../outbox.js';
import { Problems } from '../problems.js';
import { insertHold } from '../reservations/hold-records.js';
import { Sku, Quantity } from '../schemas.js';
import {
  loadTransfer,
  toTransferDto,
  type TransferDto,
  type TransferLineRecord,
} from './transfer-record.js';
import { may } from './transfer-rules.js';

export const ShipTransferInput = z
  .strictObject({
    version: z.number().int().positive().nullish(),
    /** What leaves now; without it, everything still held at the source. */
    lines: z
      .array(
        z.strictObject({ sku: Sku, quantity: Quantity(z.number().int().min(0).max(MAX_QUANTITY)) }),
      )
      .min(1)
      .max(500)
      .nullish(),
    /**
     * What is not shipped now: `hold` keeps it held at the source for a later shipment,
     * `release` gives it back to the source (the transfer is smaller). Required when
     * `lines` leave something behind.
     */
    rest: z.enum(['hold', 'release']).nullish(),
  })
  .meta({ id: 'ShipTransferInput' });
export type ShipTransferInput = z.infer<typeof ShipTransferInput>;

/**
 * Ships an approved transfer, all of it or part: what leaves moves `from → @transit`, so
 * it is counted in transit, not at either store, until it is received. What stays behind
 * stays held at the source for a later shipment (`rest: hold`) or is released there
 * (`rest: release`).
 */
export async function shipTransfer({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  input: ShipTransferInput;
}): Promise<TransferDto> {
  return withTransaction(ctx, async (tx) => {
    const t = await loadTransfer(tx, id);
    if (!may.ship(ctx.actor, t)) throw forbidden('only_source_may_ship');
    assertCan('transfer', t, 'ship', input.version);
    const held = t.lines.filter((l) => heldAtSource(l) > 0);
    if (held.length === 0) throw invalidState('transfer', t.status);

    const problems = new Problems();
    const wanted = new Map<number, number>();
    (input.lines ?? []).forEach((l, i) => {
      const line = t.lines.find((x) => x.sku === l.sku);
      if (!line)
        problems.add({
          path: `lines.${i}.sku`,
          code: 'invalid_value',
          params: { reason: 'not_on_transfer' },
        });
      else if (wanted.has(line.id))
        problems.add({
          path: `lines.${i}.sku`,
          code: 'invalid_value',
          params: { duplicate: l.sku },
        });
      else if (l.quantity > heldAtSource(line))
        problems.add({
          path: `lines.${i}.quantity`,
          code: 'too_big',
          params: { maximum: heldAtSource(line) },
        });
      else wanted.set(line.id, l.quantity);
    });
    problems.throwIfAny();
    const plan = held.map((line) => ({
      line,
      ship: input.lines ? (wanted.get(line.id) ?? 0) : heldAtSource(line),
    }));
    const leftBehind = plan.some((p) => p.ship < heldAtSource(p.line));
    if (leftBehind && !input.rest)
      problems.add({ path: 'rest', code: 'required', params: { allowed: 'hold, release' } });
    if (plan.every((p) => p.ship === 0))
      problems.add({ path: 'lines', code: 'invalid_value', params: { reason: 'nothing_to_ship' } });
    problems.throwIfAny();

    const now = ctx.now();
    const status = t.lines.some((l) => l.received > 0 || l.lost > 0)
      ? 'partially_received'
      : 'in_transit';
    await transition(tx, 'transfer', t, 'ship', status, now);

    const transit = await virtualLocation(tx.raw, '@transit');
    const session = new LedgerSession(tx, {
      actorId: ctx.actor.id,
      now,
      requestId: ctx.requestId,
      client: ctx.client,
    });
    await session.load(
      plan.flatMap(({ line }) => [
        { item: { id: line.itemId, sku: line.sku }, location: t.from },
        { item: { id: line.itemId, sku: line.sku }, location: transit },
      ]),
    );
    const rest = input.rest ?? 'hold';
    for (const { line, ship } of plan) {
      const item = { id: line.itemId, sku: line.sku };
      const before = heldAtSource(line);
      const keep = rest === 'hold' ? before - ship : 0;
      // A line left whole and kept held is not touched: its hold stays as it is.
      if (ship === 0 && keep === before) continue;
      await settleLineHold(tx, line, ship, now);
      if (ship > 0) {
        session.post({
          type: 'transfer_out',
          item,
          source: t.from,
          target: transit,
          quantity: ship,
          occurredAt: now,
          reference: `transfer:${t.id}`,
          reservationId: line.reservationId ?? undefined,
          consumesReserved: before,
          document: { type: 'transfer', id: t.id },
        });
      } else {
        session.release(item, t.from, before);
      }
      let reservationId: number | null = null;
      if (keep > 0) {
        session.hold(item, t.from, keep);
        reservationId = await insertHold(tx, {
          itemId: line.itemId,
          locationId: t.from.id,
          quantity: keep,
          reference: `transfer:${t.id}`,
          actorId: ctx.actor.id,
          now,
        });
      }
      await tx
        .update(transferLines)
        .set({
          shipped: line.shipped + ship,
          released: line.released + (before - ship - keep),
          reservationId,
        })
        .where(eq(transferLines.id, line.id));
    }
    await session.flush();
    await tx
      .update(transfers)
      .set({ shippedBy: ctx.actor.id, shippedAt: now })
      .where(eq(transfers.id, id));
    const shipped = plan
      .filter((p) => p.ship > 0)
      .map((p) => ({ sku: p.line.sku, quantity: p.ship }));
    await audit(tx, ctx, {
      action: 'transfer.ship',
      entity: 'transfer',
      entityId: id,
      before: { status: t.status },
      after: { status, lines: shipped, rest: leftBehind ? rest : null },
    });
    await publish(tx, now, {
      topic: 'transfer.in_transit',
      document: { type: 'transfer', id },
      payload: { transferId: id, status, lines: shipped, by: ctx.actor.name },
    });
    return toTransferDto(await loadTransfer(tx, id));
  });
}

/** The line's hold ends: committed for what ships (all of it, part, or none: released). */
async function settleLineHold(
  tx: Tx,
  line: TransferLineRecord,
  ship: number,
  now: number,
): Promise<void> {
  if (line.reservationId === null) throw invalidState('transfer', 'holds_not_pending');
  const settled = await tx
    .update(reservations)
    .set(
      ship > 0
        ? { status: 'committed', settledAt: now, committedQuantity: ship }
        : { status: 'released', settledAt: now },
    )
    .where(and(eq(reservations.id, line.reservationId), eq(reservations.status, 'pending')))
    .returning({ status: reservations.status });
  if (settled.length !== 1) throw invalidState('transfer', 'holds_not_pending');
}
