import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Issue } from '../../domain/codes.js';
import { MAX_QUANTITY } from '../../domain/codes.js';
import { receivedStatus } from '../../domain/documents.js';
import { transferLines } from '../../db/schema.js';
import { audit } from '../audit.js';
import { assertCan, transition } from '../lifecycle/lifecycle.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, validationFailed } from '../errors.js';
import type { Tx } from '../../db/types.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import type { Posting } from '../ledger/posting.js';
import type { LotSplit } from '../ledger/lot-ledger.js';
import { virtualLocation } from '../refs.js';
import { publish } from '../outbox.js';
import { Sku, Quantity } from '../schemas.js';
import { parseRows, prefixed, textField } from '../validation.js';
import {
  loadTransfer,
  toTransferDto,
  type TransferDto,
  type TransferLineRecord,
} from './transfer-record.js';
import { may } from './transfer-rules.js';

export const ReceiveLine = z.strictObject({
  sku: Sku,
  quantity: Quantity(z.number().int().positive().max(MAX_QUANTITY)),
});

/** The envelope; lines are checked one by one (`parseRows`), so a malformed line hides nothing. */
export const ReceiveLinesInput = z.strictObject({
  lines: z.array(z.unknown()).min(1).max(500),
  version: z.number().int().positive().nullish(),
});
export type ReceiveLinesInput = z.infer<typeof ReceiveLinesInput>;
/** The receipt as documented (lines typed). */
export const ReceiveLinesDoc = ReceiveLinesInput.extend({
  lines: z.array(ReceiveLine).min(1).max(500),
}).meta({ id: 'ReceiveLinesInput' });

/**
 * Receives what arrived, line by line (`@transit → to`); a transfer may arrive in
 * parts. Receiving more of a line than is still in transit is refused.
 */
export async function receiveTransfer({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  input: ReceiveLinesInput;
}): Promise<TransferDto> {
  return withTransaction(ctx, async (tx) => {
    const t = await loadTransfer(tx, id);
    if (!may.receive(ctx.actor, t)) throw forbidden('only_target_may_receive');
    assertCan('transfer', t, 'receive', input.version);

    const rows = parseRows(ReceiveLine, input.lines);
    const issues: Issue[] = rows.flatMap((r) =>
      'issues' in r ? prefixed(r.issues, `lines.${r.index}`) : [],
    );
    const lines = rows.flatMap((r) => ('value' in r ? [r] : []));
    const arriving = lines.flatMap(({ index: i, value: l }) => {
      // A line the shape refused still names its sku: not on this transfer is said too.
      const line = t.lines.find((x) => x.sku === l.sku);
      if (!line)
        issues.push({
          path: `lines.${i}.sku`,
          code: 'invalid_value',
          params: { reason: 'not_on_transfer' },
        });
      else if (l.quantity > outstanding(line))
        issues.push({
          path: `lines.${i}.quantity`,
          code: 'too_big',
          params: { maximum: outstanding(line) },
        });
      return line ? [{ line, quantity: l.quantity }] : [];
    });
    for (const r of rows) {
      const sku = 'issues' in r ? textField(r.raw, 'sku') : undefined;
      if (sku && !t.lines.some((x) => x.sku === sku))
        issues.push({
          path: `lines.${r.index}.sku`,
          code: 'invalid_value',
          params: { reason: 'not_on_transfer' },
        });
    }
    if (lines.some((l, i) => lines.findIndex((x) => x.value.sku === l.value.sku) !== i)) {
      issues.push({ path: 'lines', code: 'invalid_value', params: { reason: 'sku_listed_twice' } });
    }
    if (issues.length > 0) throw validationFailed(issues);

    const now = ctx.now();
    // Units still held at the source for a later shipment are still expected.
    const after = t.lines.map((l) => ({
      expected: l.quantity - l.released,
      received: l.received + l.lost + (arriving.find((a) => a.line.id === l.id)?.quantity ?? 0),
    }));
    const status = receivedStatus(after);
    await transition(tx, 'transfer', t, 'receive', status, now);
    const transit = await virtualLocation(tx.raw, '@transit');
    await postFromTransit(
      tx,
      ctx,
      now,
      arriving.map(({ line, quantity }) => ({
        type: 'transfer_in',
        item: { id: line.itemId, sku: line.sku },
        source: transit,
        target: t.to,
        quantity,
        occurredAt: now,
        reference: `transfer:${id}`,
        document: { type: 'transfer', id },
      })),
    );
    for (const { line, quantity } of arriving) {
      await tx
        .update(transferLines)
        .set({ received: line.received + quantity })
        .where(eq(transferLines.id, line.id));
    }
    await audit(tx, ctx, {
      action: 'transfer.receive',
      entity: 'transfer',
      entityId: id,
      before: { status: t.status },
      after: { status, lines: input.lines },
    });
    await publish(tx, now, {
      topic: `transfer.${status}`,
      document: { type: 'transfer', id },
      payload: { transferId: id, status, by: ctx.actor.name },
    });
    return toTransferDto(await loadTransfer(tx, id));
  });
}

function outstanding(line: TransferLineRecord): number {
  return line.shipped - line.received - line.lost;
}

/** Posts movements out of `@transit`; a lot-tracked item's lots are the ones this transfer shipped. */
export async function postFromTransit(
  tx: Tx,
  ctx: ServiceContext,
  now: number,
  postings: Posting[],
) {
  if (postings.length === 0) return;
  const session = new LedgerSession(tx, {
    actorId: ctx.actor.id,
    now,
    requestId: ctx.requestId,
    client: ctx.client,
  });
  await session.load(
    postings.flatMap((p) => [
      { item: p.item, location: p.source },
      { item: p.item, location: p.target },
    ]),
  );
  for (const p of postings) {
    session.post(
      session.isLotTracked(p.item)
        ? { ...p, lots: await shippedLots(tx, p.document!.id, p.item.id, p.quantity) }
        : p,
    );
  }
  await session.flush();
}

/**
 * For a lot-tracked item: the lots this transfer shipped and has not yet received or
 * lost, soonest expiry first, taking `quantity` of them. What arrives is what left.
 */
async function shippedLots(
  tx: Tx,
  transferId: number,
  itemId: number,
  quantity: number,
): Promise<LotSplit> {
  const { rows } = await tx.raw.execute({
    sql: `SELECT l.id, l.code, l.expires_on,
                 sum(CASE WHEN m.type = 'transfer_out' THEN ml.quantity ELSE -ml.quantity END) AS outstanding
            FROM movements m JOIN movement_lots ml ON ml.seq = m.seq JOIN lots l ON l.id = ml.lot_id
           WHERE m.document_type = 'transfer' AND m.document_id = ? AND m.item_id = ?
             AND m.type IN ('transfer_out', 'transfer_in', 'transfer_loss')
           GROUP BY l.id HAVING outstanding > 0 ORDER BY l.expires_on, l.code`,
    args: [transferId, itemId],
  });
  const split: LotSplit = [];
  let left = quantity;
  for (const r of rows) {
    if (left === 0) break;
    const take = Math.min(left, Number(r['outstanding']));
    split.push({
      lot: { id: Number(r['id']), code: String(r['code']), expiresOn: String(r['expires_on']) },
      quantity: take,
    });
    left -= take;
  }
  if (left > 0)
    throw new Error(
      `transfer ${transferId} has less of item ${itemId} in transit by lot than ${quantity}`,
    );
  return split;
}
