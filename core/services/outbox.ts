import { outbox } from '../db/schema.js';
import type { Tx } from '../db/types.js';

export interface OutboxEvent {
  /** `approval.requested`, `approval.decided`, `transfer.shipped`, … */
  topic: string;
  document?: { type: string; id: number };
  payload: Record<string, unknown>;
}

/**
 * Records events for notification channels in the caller's transaction: an event
 * exists exactly when the change it announces was committed.
 */
export async function publish(
  tx: Tx,
  now: number,
  events: OutboxEvent | OutboxEvent[],
): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  await tx.insert(outbox).values(
    list.map((e) => ({
      topic: e.topic,
      documentType: e.document?.type ?? null,
      documentId: e.document?.id ?? null,
      payload: JSON.stringify(e.payload),
      createdAt: now,
    })),
  );
}
