import { and, asc, eq, gt, gte, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog, users } from '../../db/schema.js';
import { reader, type ServiceContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { IsoDateTime, QueryInt } from '../schemas.js';

export const ListAuditInput = z.strictObject({
  /** An entity type (`movement`) or one entity (`movement:42`, `item:TEA-1`). */
  entity: z.string().min(1).max(200).optional(),
  /** A user name. */
  actor: z.string().min(1).max(100).optional(),
  since: IsoDateTime.optional(),
  afterId: QueryInt(0, Number.MAX_SAFE_INTEGER).optional(),
  limit: QueryInt(1, 1000).default(100),
});
export type ListAuditInput = z.infer<typeof ListAuditInput>;

export const AuditRecord = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string().nullable().describe('null: the service itself (expiry sweeps, bootstrap)'),
    action: z.string(),
    entity: z.string(),
    entityId: z.string(),
    before: z.unknown(),
    after: z.unknown(),
    requestId: z.string().nullable(),
    client: z.string(),
  })
  .meta({ id: 'AuditRecord' });

export const AuditPage = z.object({ items: z.array(AuditRecord), nextAfterId: z.number().int() });
export type AuditPage = z.infer<typeof AuditPage>;

/**
 * Who changed what, when, from where: the audit log in the order it was written,
 * filtered. Admins and managers only.
 */
export async function listAudit({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListAuditInput;
}): Promise<AuditPage> {
  if (ctx.actor.role !== 'admin' && ctx.actor.role !== 'manager')
    throw forbidden('admin_or_manager_only');
  const q = reader(ctx);
  const conditions: SQL[] = [];
  if (input.entity) {
    const colon = input.entity.indexOf(':');
    if (colon < 0) conditions.push(eq(auditLog.entity, input.entity));
    else {
      conditions.push(
        eq(auditLog.entity, input.entity.slice(0, colon)),
        eq(auditLog.entityId, input.entity.slice(colon + 1)),
      );
    }
  }
  if (input.actor) {
    const [user] = await q.select({ id: users.id }).from(users).where(eq(users.name, input.actor));
    if (!user) throw notFound('user', input.actor);
    conditions.push(eq(auditLog.actorId, user.id));
  }
  if (input.since) conditions.push(gte(auditLog.at, Date.parse(input.since)));
  if (input.afterId !== undefined) conditions.push(gt(auditLog.id, input.afterId));

  const rows = await q
    .select({ a: auditLog, actor: users.name })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(...conditions))
    .orderBy(asc(auditLog.id))
    .limit(input.limit);
  const items = rows.map(({ a, actor }) => ({
    id: a.id,
    at: new Date(a.at).toISOString(),
    actor,
    action: a.action,
    entity: a.entity,
    entityId: a.entityId,
    before: a.before === null ? null : (JSON.parse(a.before) as unknown),
    after: a.after === null ? null : (JSON.parse(a.after) as unknown),
    requestId: a.requestId,
    client: a.client,
  }));
  return { items, nextAfterId: items.at(-1)?.id ?? input.afterId ?? 0 };
}
