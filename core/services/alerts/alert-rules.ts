import { and, eq, isNull, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { canMaintainItems } from '../../domain/actor.js';
import type { Issue } from '../../domain/codes.js';
import { alertRules, items, locations } from '../../db/schema.js';
import { audit } from '../audit.js';
import { reader, withTransaction, type ServiceContext } from '../context.js';
import { forbidden, notFound, validationFailed } from '../errors.js';
import { LocationCode, Sku } from '../schemas.js';

const Limit = z.number().int().min(0).max(1e12);

export const AlertRuleDto = z
  .strictObject({
    /** Omitted: every item. */
    sku: Sku.nullish(),
    /** Omitted: every location. */
    location: LocationCode.nullish(),
    min: Limit.nullish(),
    max: Limit.nullish(),
    hysteresis: Limit.nullish(),
    expiryDays: z.number().int().min(0).max(3650).nullish(),
    outflowPercent: z.number().int().min(1).max(100).nullish(),
    zeroStock: z.boolean().nullish(),
    refusedPerDay: z.number().int().min(0).max(1_000_000).nullish(),
    anomalyMinOnHand: Limit.nullish(),
  })
  .meta({ id: 'AlertRule' });
export type AlertRuleDto = z.infer<typeof AlertRuleDto>;

export const PutAlertRulesInput = z
  .strictObject({
    rules: z.array(AlertRuleDto.extend({ remove: z.boolean().optional() })).min(1).max(10_000),
  })
  .meta({ id: 'PutAlertRulesInput' });
export type PutAlertRulesInput = z.infer<typeof PutAlertRulesInput>;

export async function listAlertRules({ ctx }: { ctx: ServiceContext }): Promise<AlertRuleDto[]> {
  const rows = await reader(ctx)
    .select({ r: alertRules, sku: items.sku, location: locations.code })
    .from(alertRules)
    .leftJoin(items, eq(items.id, alertRules.itemId))
    .leftJoin(locations, eq(locations.id, alertRules.locationId))
    .orderBy(items.sku, locations.code);
  return rows.map(({ r, sku, location }) => ({
    sku,
    location,
    min: r.min,
    max: r.max,
    hysteresis: r.hysteresis,
    expiryDays: r.expiryDays,
    outflowPercent: r.outflowPercent,
    zeroStock: r.zeroStock,
    refusedPerDay: r.refusedPerDay,
    anomalyMinOnHand: r.anomalyMinOnHand,
  }));
}

/**
 * Sets (or, with `remove`, deletes) the rule of each scope given: an item at a
 * location, an item everywhere (no location), a location (no sku), or the default
 * (neither). Admins and managers.
 */
export async function putAlertRules({ ctx, input }: { ctx: ServiceContext; input: PutAlertRulesInput }) {
  if (!canMaintainItems(ctx.actor)) throw forbidden('role_cannot_maintain_items');
  const issues: Issue[] = [];
  input.rules.forEach((r, i) => {
    if (r.min != null && r.max != null && r.max < r.min) issues.push({ path: `rules.${i}.max`, code: 'too_small', params: { minimum: r.min } });
  });
  if (issues.length > 0) throw validationFailed(issues);

  return withTransaction(ctx, async (tx) => {
    for (const rule of input.rules) {
      const itemId = rule.sku ? await idOf(tx, 'item', rule.sku) : null;
      const locationId = rule.location ? await idOf(tx, 'location', rule.location) : null;
      const scope: SQL[] = [
        itemId === null ? isNull(alertRules.itemId) : eq(alertRules.itemId, itemId),
        locationId === null ? isNull(alertRules.locationId) : eq(alertRules.locationId, locationId),
      ];
      await tx.delete(alertRules).where(and(...scope));
      if (!rule.remove) {
        await tx.insert(alertRules).values({
          itemId,
          locationId,
          min: rule.min ?? null,
          max: rule.max ?? null,
          hysteresis: rule.hysteresis ?? null,
          expiryDays: rule.expiryDays ?? null,
          outflowPercent: rule.outflowPercent ?? null,
          zeroStock: rule.zeroStock ?? null,
          refusedPerDay: rule.refusedPerDay ?? null,
          anomalyMinOnHand: rule.anomalyMinOnHand ?? null,
          updatedAt: ctx.now(),
        });
      }
      await audit(tx, ctx, {
        action: rule.remove ? 'alert_rule.remove' : 'alert_rule.put',
        entity: 'alert_rule',
        entityId: `${rule.sku ?? '*'}@${rule.location ?? '*'}`,
        after: rule,
      });
    }
    return { items: await listAlertRules({ ctx: { ...ctx, tx } }) };
  });
}

async function idOf(tx: Parameters<Parameters<typeof withTransaction>[1]>[0], entity: 'item' | 'location', code: string): Promise<number> {
  const [row] =
    entity === 'item'
      ? await tx.select({ id: items.id }).from(items).where(eq(items.sku, code))
      : await tx.select({ id: locations.id }).from(locations).where(eq(locations.code, code));
  if (!row) throw notFound(entity, code);
  return row.id;
}
