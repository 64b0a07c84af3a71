import { randomBytes } from 'node:crypto';
import { and, count, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { canMaintainItems } from '../../domain/actor.js';
import { LANGUAGES } from '../../i18n/language.js';
import { deliveries, subscriptions } from '../../db/schema.js';
import { audit } from '../audit.js';
import { reader, withTransaction, type ServiceContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';
import { LocationCode } from '../schemas.js';
import { WEBHOOK_KINDS } from './formats.js';

/** What a subscription hears about unless it says otherwise: alerts, and the weekly "what to order". */
export const DEFAULT_TOPICS = ['alert.opened', 'alert.resolved', 'suggestions.weekly'];

export const CreateSubscriptionInput = z
  .strictObject({
    kind: z.enum(WEBHOOK_KINDS),
    url: z.url({ protocol: /^https?$/ }).max(2000),
    /** Signing secret: generic (HMAC), dingtalk and feishu (their own signatures). Generated for generic when omitted. */
    secret: z.string().min(8).max(200).nullish(),
    language: z.enum(LANGUAGES).default('zh-CN'),
    locations: z.array(LocationCode).max(1000).nullish(),
    events: z.array(z.string().min(1).max(100)).max(50).nullish(),
  })
  .meta({ id: 'CreateSubscriptionInput' });
export type CreateSubscriptionInput = z.infer<typeof CreateSubscriptionInput>;

export const SubscriptionDto = z
  .object({
    id: z.number().int(),
    kind: z.enum(WEBHOOK_KINDS),
    url: z.string(),
    language: z.enum(LANGUAGES),
    locations: z.array(z.string()).nullable(),
    events: z.array(z.string()),
    active: z.boolean(),
    secret: z.string().nullable().optional().describe('Only in the answer that created it'),
    health: z
      .object({
        lastError: z
          .string()
          .nullable()
          .describe(
            "The target's last refusal in its own words (e.g. `wecom 93000: invalid webhook url`); null once a message gets through",
          ),
        failingSince: z
          .string()
          .nullable()
          .describe('Since when every attempt has failed; null while messages get through'),
        lastDeliveredAt: z.string().nullable(),
        pending: z.number().int().describe('Messages waiting for (another) attempt'),
        dead: z
          .number()
          .int()
          .describe('Messages given up: refused for good by the target, or after 8 attempts'),
      })
      .optional()
      .describe('In `GET /subscriptions/{id}`'),
  })
  .meta({ id: 'Subscription' });
export type SubscriptionDto = z.infer<typeof SubscriptionDto>;

type Row = typeof subscriptions.$inferSelect;
export const toSubscriptionDto = (r: Row): SubscriptionDto => ({
  id: r.id,
  kind: r.kind as SubscriptionDto['kind'],
  url: r.url,
  language: r.language as SubscriptionDto['language'],
  locations: r.locations ? (JSON.parse(r.locations) as string[]) : null,
  events: r.events ? (JSON.parse(r.events) as string[]) : DEFAULT_TOPICS,
  active: r.active,
});

export async function createSubscription({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateSubscriptionInput;
}): Promise<SubscriptionDto> {
  if (!canMaintainItems(ctx.actor)) throw forbidden('role_cannot_maintain_items');
  return withTransaction(ctx, async (tx) => {
    const secret =
      input.secret ?? (input.kind === 'generic' ? randomBytes(24).toString('base64url') : null);
    const [row] = await tx
      .insert(subscriptions)
      .values({
        kind: input.kind,
        url: input.url,
        secret,
        language: input.language,
        locations: input.locations ? JSON.stringify(input.locations) : null,
        events: input.events ? JSON.stringify(input.events) : null,
        createdBy: ctx.actor.id,
        createdAt: ctx.now(),
      })
      .returning();
    const dto = toSubscriptionDto(row!);
    await audit(tx, ctx, {
      action: 'subscription.create',
      entity: 'subscription',
      entityId: dto.id,
      after: dto,
    });
    return { ...dto, secret };
  });
}

/** One subscription with its delivery health: is the target taking our messages? */
export async function getSubscription({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<SubscriptionDto> {
  if (!canMaintainItems(ctx.actor)) throw forbidden('role_cannot_maintain_items');
  const [row] = await reader(ctx).select().from(subscriptions).where(eq(subscriptions.id, id));
  if (!row) throw notFound('subscription', id);
  const counts = await reader(ctx)
    .select({ status: deliveries.status, n: count() })
    .from(deliveries)
    .where(and(eq(deliveries.subscriptionId, id), inArray(deliveries.status, ['pending', 'dead'])))
    .groupBy(deliveries.status);
  const n = (status: string) => counts.find((c) => c.status === status)?.n ?? 0;
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    ...toSubscriptionDto(row),
    health: {
      lastError: row.lastError,
      failingSince: iso(row.failingSince),
      lastDeliveredAt: iso(row.lastDeliveredAt),
      pending: n('pending'),
      dead: n('dead'),
    },
  };
}

export async function listSubscriptions({
  ctx,
}: {
  ctx: ServiceContext;
}): Promise<SubscriptionDto[]> {
  return (await reader(ctx).select().from(subscriptions).where(eq(subscriptions.active, true))).map(
    toSubscriptionDto,
  );
}

/** Stops deliveries to a target (its history stays). */
export async function deleteSubscription({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<SubscriptionDto> {
  if (!canMaintainItems(ctx.actor)) throw forbidden('role_cannot_maintain_items');
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx
      .update(subscriptions)
      .set({ active: false })
      .where(and(eq(subscriptions.id, id), eq(subscriptions.active, true)))
      .returning();
    if (!row) throw notFound('subscription', id);
    await audit(tx, ctx, { action: 'subscription.delete', entity: 'subscription', entityId: id });
    return toSubscriptionDto(row);
  });
}
