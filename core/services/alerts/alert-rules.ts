import { and, eq, isNull, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { canMaintainItems } from '../../domain/actor.js';
import type { Issue } from '../../domain/codes.js';
import { alertRules, items, locations } from '../../db/schema.js';
import { audit } from '../audit.js';
import { reader, withTransaction, type ServiceContext } from '../context.js';
import { forbidden, notFound, validationFailed } from '../errors.js';
import { LocationCode, Sku } from '../schemas.js';
import type { Tx } from '../../db/types.js';
import { sweepExpiryAlertsIn } from './expiry-alerts.js';
import { reevaluateScope, type RuleScopeIds } from './reevaluate.js';

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
    rules: z
      .array(AlertRuleDto.extend({ remove: z.boolean().optional() }))
      .min(1)
      .max(10_000),
  })
  .meta({ id: 'PutAlertRulesInput' });
export type PutAlertRulesInput = z.infer<typeof PutAlertRulesInput>;

export const RuleKey = z
  .strictObject({
    /** Omitted: the rule for every item. */
    sku: Sku.optional(),
    /** Omitted: the rule for every location. */
    location: LocationCode.optional(),
  })
  .meta({ id: 'AlertRuleKey' });
export type RuleKey = z.infer<typeof RuleKey>;

export const RuleEvaluation = z
  .object({
    balances: z
      .number()
      .int()
      .describe('Balances whose alerts were evaluated against the new rules in this request'),
    continuing: z
      .boolean()
      .describe(
        'True when the scope holds more: the rest are evaluated in the background within minutes',
      ),
  })
  .meta({ id: 'AlertRuleEvaluation' });

export const AlertRulesAnswer = z
  .object({ items: z.array(AlertRuleDto), evaluation: RuleEvaluation })
  .meta({ id: 'AlertRules' });
export type AlertRulesAnswer = z.infer<typeof AlertRulesAnswer>;

const SETTINGS = [
  'min',
  'max',
  'hysteresis',
  'expiryDays',
  'outflowPercent',
  'zeroStock',
  'refusedPerDay',
  'anomalyMinOnHand',
] as const;

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
 * (neither). A rule replaces the rule of its scope; each field a rule leaves out comes
 * from the next broader rule that sets it (see `rule-scope.ts`). The alerts of the
 * balances in each changed scope are evaluated against the new rules in the same
 * transaction (the first 1,000; a larger scope continues in the background). Admins and managers.
 */
export async function putAlertRules({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: PutAlertRulesInput;
}): Promise<AlertRulesAnswer> {
  if (!canMaintainItems(ctx.actor)) throw forbidden('role_cannot_maintain_items');
  const issues: Issue[] = [];
  input.rules.forEach((r, i) => {
    if (r.min != null && r.max != null && r.max < r.min)
      issues.push({ path: `rules.${i}.max`, code: 'too_small', params: { minimum: r.min } });
    if (!r.remove && SETTINGS.every((f) => r[f] == null))
      issues.push({ path: `rules.${i}`, code: 'rule_sets_nothing' });
  });
  if (issues.length > 0) throw validationFailed(issues);

  return withTransaction(ctx, async (tx) => {
    const scopes: RuleScopeIds[] = [];
    for (const rule of input.rules) {
      const itemId = rule.sku ? await idOf(tx, 'item', rule.sku) : null;
      const locationId = rule.location ? await idOf(tx, 'location', rule.location) : null;
      const scope: SQL[] = [
        itemId === null ? isNull(alertRules.itemId) : eq(alertRules.itemId, itemId),
        locationId === null ? isNull(alertRules.locationId) : eq(alertRules.locationId, locationId),
      ];
      await tx.delete(alertRules).where(and(...scope));
      scopes.push({ itemId, locationId });
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
    return {
      items: await listAlertRules({ ctx: { ...ctx, tx } }),
      evaluation: await reevaluate(tx, ctx, scopes),
    };
  });
}

/** Deletes the rule of one scope (404 when that scope has none); its alerts follow the rules left. */
export async function deleteAlertRule({
  ctx,
  key,
}: {
  ctx: ServiceContext;
  key: RuleKey;
}): Promise<AlertRulesAnswer> {
  if (!canMaintainItems(ctx.actor)) throw forbidden('role_cannot_maintain_items');
  return withTransaction(ctx, async (tx) => {
    const itemId = key.sku ? await idOf(tx, 'item', key.sku) : null;
    const locationId = key.location ? await idOf(tx, 'location', key.location) : null;
    const removed = await tx
      .delete(alertRules)
      .where(
        and(
          itemId === null ? isNull(alertRules.itemId) : eq(alertRules.itemId, itemId),
          locationId === null
            ? isNull(alertRules.locationId)
            : eq(alertRules.locationId, locationId),
        ),
      )
      .returning();
    const entityId = `${key.sku ?? '*'}@${key.location ?? '*'}`;
    if (removed.length === 0) throw notFound('alert_rule', entityId);
    await audit(tx, ctx, {
      action: 'alert_rule.remove',
      entity: 'alert_rule',
      entityId,
      before: removed[0],
    });
    return {
      items: await listAlertRules({ ctx: { ...ctx, tx } }),
      evaluation: await reevaluate(tx, ctx, [{ itemId, locationId }]),
    };
  });
}

/** Evaluates each changed scope once (a broader scope covers the narrower ones it contains). */
async function reevaluate(
  tx: Tx,
  ctx: ServiceContext,
  scopes: RuleScopeIds[],
): Promise<{ balances: number; continuing: boolean }> {
  const covers = (a: RuleScopeIds, b: RuleScopeIds) =>
    (a.itemId === null || a.itemId === b.itemId) &&
    (a.locationId === null || a.locationId === b.locationId);
  const same = (a: RuleScopeIds, b: RuleScopeIds) =>
    a.itemId === b.itemId && a.locationId === b.locationId;
  const distinct = scopes.filter(
    (s, i) => !scopes.some((o, j) => covers(o, s) && (!same(o, s) || j < i)),
  );
  const total = { balances: 0, continuing: false };
  for (const scope of distinct) {
    const done = await reevaluateScope(tx, { now: ctx.now(), requestId: ctx.requestId }, scope);
    total.balances += done.balances;
    total.continuing ||= done.continuing;
  }
  await sweepExpiryAlertsIn(tx, ctx.now());
  return total;
}

async function idOf(tx: Tx, entity: 'item' | 'location', code: string): Promise<number> {
  const [row] =
    entity === 'item'
      ? await tx.select({ id: items.id }).from(items).where(eq(items.sku, code))
      : await tx.select({ id: locations.id }).from(locations).where(eq(locations.code, code));
  if (!row) throw notFound(entity, code);
  return row.id;
}
