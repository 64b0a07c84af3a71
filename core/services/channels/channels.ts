import { asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { canMaintainItems, isAdmin } from '../../domain/actor.js';
import { CHANNEL_KINDS, type ChannelRules } from '../../domain/channels.js';
import type { Issue } from '../../domain/codes.js';
import { channelListings, channels, locations } from '../../db/schema.js';
import type { Queryable } from '../../db/types.js';
import { audit } from '../audit.js';
import { reader, withTransaction, type ServiceContext } from '../context.js';
import { forbidden, notFound, validationFailed } from '../errors.js';
import { RefResolver, type LocationRef } from '../refs.js';
import { LocationCode, Sku, Text, Quantity } from '../schemas.js';

export const ChannelCode = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, _ . -');
export const ProductCode = z
  .string()
  .min(1)
  .max(128)
  .regex(/^\S(.*\S)?$/, 'no leading or trailing spaces');

export const ChannelInput = z
  .strictObject({
    code: ChannelCode,
    name: Text(200),
    kind: z.enum(CHANNEL_KINDS),
    /** Fulfilling stores and warehouses, in priority order. */
    locations: z.array(LocationCode).min(1).max(50),
    percent: z.number().int().min(0).max(100).default(100),
    maxShown: z.number().int().min(0).max(1e12).nullish(),
    safetyFloor: z.number().int().min(0).max(1e12).default(0),
    allowSplit: z.boolean().default(false),
  })
  .meta({ id: 'ChannelInput' });
export type ChannelInput = z.infer<typeof ChannelInput>;

export const ChannelDto = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(CHANNEL_KINDS),
    locations: z.array(z.string()),
    percent: z.number().int(),
    maxShown: z.number().int().nullable(),
    safetyFloor: z.number().int(),
    allowSplit: z.boolean(),
    listings: z.number().int(),
  })
  .meta({ id: 'Channel' });
export type ChannelDto = z.infer<typeof ChannelDto>;

export const ListingsInput = z
  .strictObject({
    listings: z
      .array(
        z.strictObject({
          productCode: ProductCode,
          /** One sku… */
          sku: Sku.optional(),
          /** …or a bundle: several skus × quantities. */
          parts: z
            .array(
              z.strictObject({
                sku: Sku,
                quantity: Quantity(z.number().int().positive().max(1_000_000)),
              }),
            )
            .min(1)
            .max(20)
            .optional(),
        }),
      )
      .min(1)
      .max(10_000),
  })
  .meta({ id: 'ListingsInput' });
export type ListingsInput = z.infer<typeof ListingsInput>;

export interface ChannelRecord extends ChannelRules {
  id: number;
  code: string;
  name: string;
  kind: ChannelDto['kind'];
  locations: LocationRef[];
  allowSplit: boolean;
  csvMapping: string | null;
}

export async function loadChannel(q: Queryable, code: string): Promise<ChannelRecord> {
  const [row] = await q.select().from(channels).where(eq(channels.code, code));
  if (!row) throw notFound('channel', code);
  const ids = JSON.parse(row.locationIds) as number[];
  const rows = await q.select({ id: locations.id, code: locations.code }).from(locations);
  const byId = new Map(rows.map((r) => [r.id, r.code]));
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    kind: row.kind as ChannelDto['kind'],
    locations: ids.map((id) => ({ id, code: byId.get(id)!, isVirtual: false })),
    percent: row.percent,
    maxShown: row.maxShown,
    safetyFloor: row.safetyFloor,
    allowSplit: row.allowSplit,
    csvMapping: row.csvMapping,
  };
}

async function toChannelOrderDto(q: Queryable, c: ChannelRecord): Promise<ChannelDto> {
  const listings = await q
    .select({ id: channelListings.id })
    .from(channelListings)
    .where(eq(channelListings.channelId, c.id));
  return {
    code: c.code,
    name: c.name,
    kind: c.kind,
    locations: c.locations.map((l) => l.code),
    percent: c.percent,
    maxShown: c.maxShown,
    safetyFloor: c.safetyFloor,
    allowSplit: c.allowSplit,
    listings: listings.length,
  };
}

/** Creates a channel, or replaces its rules and locations (admins). */
export async function putChannel({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ChannelInput;
}): Promise<ChannelDto> {
  if (!isAdmin(ctx.actor)) throw forbidden('admin_only');
  return withTransaction(ctx, async (tx) => {
    const found = await tx
      .select({
        id: locations.id,
        code: locations.code,
        kind: locations.kind,
        isVirtual: locations.isVirtual,
      })
      .from(locations)
      .where(inArray(locations.code, input.locations));
    const byCode = new Map(found.map((l) => [l.code, l]));
    const issues: Issue[] = [];
    const ids = input.locations.flatMap((code, i) => {
      const l = byCode.get(code);
      if (!l)
        issues.push({
          path: `locations.${i}`,
          code: 'unknown_location',
          params: { location: code },
        });
      // Sold from stores and warehouses only: never from @virtual places or a quarantine.
      else if (l.isVirtual || l.kind === 'quarantine')
        issues.push({
          path: `locations.${i}`,
          code: 'location_must_be_internal',
          params: { location: code },
        });
      else if (input.locations.indexOf(code) !== i)
        issues.push({ path: `locations.${i}`, code: 'invalid_value', params: { duplicate: code } });
      else return [l.id];
      return [];
    });
    if (issues.length > 0) throw validationFailed(issues);
    const row = {
      code: input.code,
      name: input.name,
      kind: input.kind,
      locationIds: JSON.stringify(ids),
      percent: input.percent,
      maxShown: input.maxShown ?? null,
      safetyFloor: input.safetyFloor,
      allowSplit: input.allowSplit,
      createdAt: ctx.now(),
    };
    const [before] = await tx.select().from(channels).where(eq(channels.code, input.code));
    const { createdAt: _created, ...changes } = row;
    if (before) await tx.update(channels).set(changes).where(eq(channels.id, before.id));
    else await tx.insert(channels).values(row);
    await audit(tx, ctx, {
      action: before ? 'channel.update' : 'channel.create',
      entity: 'channel',
      entityId: input.code,
      before: before ?? null,
      after: input,
    });
    return toChannelOrderDto(tx, await loadChannel(tx, input.code));
  });
}

export async function listChannels({ ctx }: { ctx: ServiceContext }): Promise<ChannelDto[]> {
  const q = reader(ctx);
  const rows = await q.select({ code: channels.code }).from(channels).orderBy(asc(channels.code));
  const out: ChannelDto[] = [];
  for (const r of rows) out.push(await toChannelOrderDto(q, await loadChannel(q, r.code)));
  return out;
}

export async function getChannel({
  ctx,
  code,
}: {
  ctx: ServiceContext;
  code: string;
}): Promise<ChannelDto> {
  const q = reader(ctx);
  return toChannelOrderDto(q, await loadChannel(q, code));
}

/**
 * Creates or replaces listings: the channel's product code → one sku or a bundle.
 * A changed listing's figure is recomputed on the next availability read.
 */
export async function putListings({
  ctx,
  code,
  input,
}: {
  ctx: ServiceContext;
  code: string;
  input: ListingsInput;
}): Promise<{ listings: number }> {
  if (!canMaintainItems(ctx.actor)) throw forbidden('role_cannot_maintain_items');
  return withTransaction(ctx, async (tx) => {
    const channel = await loadChannel(tx, code);
    const skus = input.listings.flatMap((l) => [
      ...(l.sku ? [l.sku] : []),
      ...(l.parts ?? []).map((p) => p.sku),
    ]);
    const refs = await new RefResolver(tx.raw).load({ skus });
    const issues: Issue[] = [];
    const rows = input.listings.flatMap((l, i) => {
      if (!l.sku === !l.parts) {
        issues.push({ path: `listings.${i}.sku`, code: 'sku_or_parts_required' });
        return [];
      }
      if (input.listings.findIndex((x) => x.productCode === l.productCode) !== i) {
        issues.push({
          path: `listings.${i}.productCode`,
          code: 'invalid_value',
          params: { duplicate: l.productCode },
        });
        return [];
      }
      const asked = l.sku ? [{ sku: l.sku, quantity: 1 }] : l.parts!;
      const parts: Array<{ itemId: number; quantity: number }> = [];
      asked.forEach((p, j) => {
        const item = refs.item(p.sku);
        if (!item)
          issues.push({
            path: l.sku ? `listings.${i}.sku` : `listings.${i}.parts.${j}.sku`,
            code: 'unknown_sku',
            params: { sku: p.sku },
          });
        else parts.push({ itemId: item.id, quantity: p.quantity });
      });
      return [{ productCode: l.productCode, parts }];
    });
    if (issues.length > 0) throw validationFailed(issues);
    for (const r of rows) {
      const parts = JSON.stringify(r.parts);
      await tx
        .insert(channelListings)
        .values({ channelId: channel.id, productCode: r.productCode, parts, updatedAt: ctx.now() })
        .onConflictDoUpdate({
          target: [channelListings.channelId, channelListings.productCode],
          set: { parts, updatedAt: ctx.now(), figure: null },
        });
    }
    await audit(tx, ctx, {
      action: 'channel.listings',
      entity: 'channel',
      entityId: code,
      after: input,
    });
    return { listings: rows.length };
  });
}
