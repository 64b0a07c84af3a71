import { z } from 'zod';
import { fromE4 } from '../../domain/money.js';
import type { PostedMovement } from '../ledger/posting.js';

export const MovementDto = z
  .object({
    id: z.number().int(),
    seq: z.number().int(),
    type: z.string(),
    sku: z.string(),
    from: z.string(),
    to: z.string(),
    quantity: z.number().int().positive(),
    occurredAt: z.string(),
    postedAt: z.string(),
    actor: z.string(),
    reason: z.string().nullable(),
    reference: z.string().nullable(),
    reservationId: z.number().int().nullable(),
    reverses: z.number().int().nullable(),
    document: z
      .object({ type: z.string(), id: z.number().int() })
      .nullable()
      .describe('The transfer or order it belongs to'),
    unitCost: z.number().nullable(),
    lots: z
      .array(
        z.object({ lot: z.string(), expiresOn: z.string(), quantity: z.number().int().positive() }),
      )
      .optional()
      .describe('Lot-tracked items only: the lots it moved'),
  })
  .meta({ id: 'Movement' });
export type MovementDto = z.infer<typeof MovementDto>;

/**
 * A movement as clients see it. `id` identifies it (use it to reverse); `seq` is its
 * position in the ledger (use it to poll). Today they are the same number; clients
 * should not rely on that.
 */
export function toMovementDto(m: PostedMovement, actorName: string): MovementDto {
  return {
    id: m.seq,
    seq: m.seq,
    type: m.type,
    sku: m.item.sku,
    from: m.source.code,
    to: m.target.code,
    quantity: m.quantity,
    occurredAt: new Date(m.occurredAt).toISOString(),
    postedAt: new Date(m.postedAt).toISOString(),
    actor: actorName,
    reason: m.reason ?? null,
    reference: m.reference ?? null,
    reservationId: m.reservationId ?? null,
    reverses: m.reversesSeq ?? null,
    document: m.document ?? null,
    unitCost: m.unitCostE4 === undefined ? null : fromE4(m.unitCostE4),
    ...(m.lots
      ? {
          lots: m.lots.map((s) => ({
            lot: s.lot.code,
            expiresOn: s.lot.expiresOn,
            quantity: s.quantity,
          })),
        }
      : {}),
  };
}
