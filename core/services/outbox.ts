import { outbox } from '../db/schema.js';
import type { Names } from '../i18n/render.js';
import type { Tx } from '../db/types.js';
import { collectNameKeys, emptyKeys, lookupNames, noKeys } from './names.js';

export interface OutboxEvent {
  /** `approval.requested`, `approval.decided`, `transfer.shipped`, … */
  topic: string;
  document?: { type: string; id: number };
  payload: Record<string, unknown>;
}

/** The names one event refers to, out of those looked up for a batch of events. */
function only(names: Names, payload: Record<string, unknown>): Names {
  const keys = collectNameKeys(payload);
  const pick = (from: Readonly<Record<string, string>>, wanted: Set<string>) =>
    Object.fromEntries([...wanted].flatMap((k) => (from[k] === undefined ? [] : [[k, from[k]]])));
  return { items: pick(names.items, keys.skus), locations: pick(names.locations, keys.locations) };
}

/**
 * Records events for notification channels in the caller's transaction: an event
 * exists exactly when the change it announces was committed. Each payload gets the
 * names of the items and locations it refers to (`names: {items: {sku: name},
 * locations: {code: name}}`), as they were then: messages show names, not codes.
 */
export async function publish(
  tx: Tx,
  now: number,
  events: OutboxEvent | OutboxEvent[],
): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  const keys = emptyKeys();
  for (const e of list) collectNameKeys(e.payload, keys);
  const names = noKeys(keys) ? undefined : await lookupNames(tx.raw, keys);
  await tx.insert(outbox).values(
    list.map((e) => ({
      topic: e.topic,
      documentType: e.document?.type ?? null,
      documentId: e.document?.id ?? null,
      payload: JSON.stringify(names ? { ...e.payload, names: only(names, e.payload) } : e.payload),
      createdAt: now,
    })),
  );
}
