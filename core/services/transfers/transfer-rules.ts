import { canWriteAt, type Actor } from '../../domain/actor.js';
import type { Tx } from '../../db/types.js';
import { releaseHeld } from '../reservations/hold-records.js';
import type { ServiceContext } from '../context.js';
import type { TransferRecord } from './transfer-record.js';

/** Who may do what with a transfer. */
export const may = {
  /** Request stock: a user at either end. */
  request: (actor: Actor, from: number, to: number) =>
    actor.role !== 'viewer' && (canWriteAt(actor, [from]) || canWriteAt(actor, [to])),
  /** Cancel: the requester, or a manager at either end, or an admin. */
  cancel: (actor: Actor, t: TransferRecord) =>
    actor.id === t.requestedBy ||
    actor.role === 'admin' ||
    (actor.role === 'manager' && (canWriteAt(actor, [t.from.id]) || canWriteAt(actor, [t.to.id]))),
  /** Ship: only a user at the source. */
  ship: (actor: Actor, t: TransferRecord) =>
    actor.role !== 'viewer' && canWriteAt(actor, [t.from.id]),
  /** Receive, and close with a discrepancy: only a user at the target. */
  receive: (actor: Actor, t: TransferRecord) =>
    actor.role !== 'viewer' && canWriteAt(actor, [t.to.id]),
};

/** Gives the held stock back to the source (rejection, cancellation, expiry). */
export async function releaseHolds(
  tx: Tx,
  ctx: { actor: { id: number }; requestId: string; client: ServiceContext['client'] },
  t: TransferRecord,
  now: number,
) {
  await releaseHeld(
    tx,
    { actorId: ctx.actor.id, now, requestId: ctx.requestId, client: ctx.client },
    t.lines.map((l) => ({
      reservationId: l.reservationId,
      item: { id: l.itemId, sku: l.sku },
      location: t.from,
    })),
  );
}
