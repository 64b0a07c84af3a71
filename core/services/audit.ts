import { auditLog } from '../db/schema.js';
import type { Tx } from '../db/types.js';
import type { ServiceContext } from './context.js';

export interface AuditEntry {
  /** `entity.verb`, e.g. `item.create`, `reservation.commit`. */
  action: string;
  entity: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

export type AuditContext = Pick<ServiceContext, 'requestId' | 'client' | 'now'> & {
  actor: { id: number } | null;
};

/**
 * Records writes in the audit log on the caller's transaction, so the record and the
 * change commit or roll back together. (Movements are recorded by a trigger instead.)
 */
export async function audit(
  tx: Tx,
  ctx: AuditContext,
  entries: AuditEntry | AuditEntry[],
): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries];
  if (list.length === 0) return;
  const at = ctx.now();
  for (let i = 0; i < list.length; i += 200) {
    await tx.insert(auditLog).values(
      list.slice(i, i + 200).map((e) => ({
        at,
        actorId: ctx.actor?.id ?? null,
        action: e.action,
        entity: e.entity,
        entityId: String(e.entityId),
        before: e.before === undefined ? null : JSON.stringify(e.before),
        after: e.after === undefined ? null : JSON.stringify(e.after),
        requestId: ctx.requestId,
        client: ctx.client,
      })),
    );
  }
}
