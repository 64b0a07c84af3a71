import { and, asc, eq, gt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { ALERT_KINDS, ALERT_STATUSES } from '../../domain/alerts.js';
import { alerts, items, locations, users } from '../../db/schema.js';
import type { Queryable } from '../../db/types.js';
import { audit } from '../audit.js';
import { reader, withTransaction, type ServiceContext } from '../context.js';
import { invalidState, notFound } from '../errors.js';
import { publish } from '../outbox.js';
import { LocationCode, QueryInt } from '../schemas.js';
import { requireWriteAt } from '../scope.js';

export const ListAlertsInput = z.strictObject({
  status: z.enum(ALERT_STATUSES).optional(),
  location: LocationCode.optional(),
  kind: z.enum(ALERT_KINDS).optional(),
  afterId: QueryInt(0, Number.MAX_SAFE_INTEGER).optional(),
  limit: QueryInt(1, 1000).default(100),
});
export type ListAlertsInput = z.infer<typeof ListAlertsInput>;

export const AlertDto = z
  .object({
    id: z.number().int(),
    kind: z.enum(ALERT_KINDS),
    status: z.enum(ALERT_STATUSES),
    sku: z.string(),
    location: z.string(),
    openedAt: z.string(),
    acknowledgedAt: z.string().nullable(),
    acknowledgedBy: z.string().nullable(),
    resolvedAt: z.string().nullable(),
    details: z
      .record(z.string(), z.unknown())
      .describe(
        'The figures when it opened: available, min, …; for expiring: the lots and the earliest expiry',
      ),
  })
  .meta({ id: 'Alert' });
export type AlertDto = z.infer<typeof AlertDto>;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

async function load(q: Queryable, conditions: SQL[], limit: number): Promise<AlertDto[]> {
  const rows = await q
    .select({ a: alerts, sku: items.sku, location: locations.code, by: users.name })
    .from(alerts)
    .innerJoin(items, eq(items.id, alerts.itemId))
    .innerJoin(locations, eq(locations.id, alerts.locationId))
    .leftJoin(users, eq(users.id, alerts.acknowledgedBy))
    .where(and(...conditions))
    .orderBy(asc(alerts.id))
    .limit(limit);
  return rows.map(({ a, sku, location, by }) => ({
    id: a.id,
    kind: a.kind as AlertDto['kind'],
    status: a.status as AlertDto['status'],
    sku,
    location,
    openedAt: iso(a.openedAt)!,
    acknowledgedAt: iso(a.acknowledgedAt),
    acknowledgedBy: by,
    resolvedAt: iso(a.resolvedAt),
    details: JSON.parse(a.details) as Record<string, number>,
  }));
}

export async function listAlerts({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListAlertsInput;
}): Promise<AlertDto[]> {
  const q = reader(ctx);
  const conditions: SQL[] = [];
  if (input.status) conditions.push(eq(alerts.status, input.status));
  if (input.kind) conditions.push(eq(alerts.kind, input.kind));
  if (input.afterId !== undefined) conditions.push(gt(alerts.id, input.afterId));
  if (input.location) {
    const [location] = await q
      .select({ id: locations.id })
      .from(locations)
      .where(eq(locations.code, input.location));
    if (!location) throw notFound('location', input.location);
    conditions.push(eq(alerts.locationId, location.id));
  }
  return load(q, conditions, input.limit);
}

/** Someone has seen it: `open → acknowledged`, once. It still resolves on its own. */
export async function acknowledgeAlert({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<AlertDto> {
  return withTransaction(ctx, async (tx) => {
    const [alert] = await tx.select().from(alerts).where(eq(alerts.id, id));
    if (!alert) throw notFound('alert', id);
    requireWriteAt(ctx.actor, [alert.locationId]);
    const now = ctx.now();
    const changed = await tx
      .update(alerts)
      .set({ status: 'acknowledged', acknowledgedAt: now, acknowledgedBy: ctx.actor.id })
      .where(and(eq(alerts.id, id), eq(alerts.status, 'open')))
      .run();
    if (changed.rowsAffected !== 1) throw invalidState('alert', alert.status);
    const [dto] = await load(tx, [eq(alerts.id, id)], 1);
    await audit(tx, ctx, {
      action: 'alert.acknowledge',
      entity: 'alert',
      entityId: id,
      before: { status: alert.status },
      after: { status: 'acknowledged' },
    });
    await publish(tx, now, {
      topic: 'alert.acknowledged',
      document: { type: 'alert', id },
      payload: {
        alertId: id,
        kind: dto!.kind,
        sku: dto!.sku,
        location: dto!.location,
        by: ctx.actor.name,
      },
    });
    return dto!;
  });
}
