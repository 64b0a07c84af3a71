import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { canCorrectStock } from '../../domain/actor.js';
import type { Issue } from '../../domain/codes.js';
import { MAX_QUANTITY } from '../../domain/codes.js';
import { quarantineCode } from '../../domain/locations.js';
import { customerReturns, items, locations, lots, returnLines } from '../../db/schema.js';
import type { Executor, Queryable, Tx } from '../../db/types.js';
import { audit } from '../audit.js';
import { reader, withTransaction, type ServiceContext } from '../context.js';
import { alreadyExists, forbidden, invalidState, notFound, validationFailed } from '../errors.js';
import { LedgerSession, type Posting } from '../ledger/ledger-session.js';
import { resolveLots } from '../ledger/lot-refs.js';
import { codesOfLines, lineItem } from '../ledger/line-item.js';
import {
  RefResolver,
  virtualLocation,
  type ItemRef,
  type LocationRef,
  type LotRef,
} from '../ledger/refs.js';
import { loadMovements } from '../movements/load-movements.js';
import { publish } from '../outbox.js';
import {
  BarcodeCode,
  Id,
  LocationCode,
  LotCode,
  Reference,
  Sku,
  Text,
  Quantity,
} from '../schemas.js';
import { requireWriteAt } from '../scope.js';

export const CreateReturnInput = z
  .strictObject({
    location: LocationCode,
    /** true: the stock waits in the location's quarantine (on hand, not available) until inspected. */
    inspect: z.boolean().default(false),
    /** The order it comes back from, when known. */
    reference: Reference.nullish(),
    reason: Text(200).nullish(),
    lines: z
      .array(
        z.strictObject({
          sku: Sku.optional(),
          barcode: BarcodeCode.optional(),
          quantity: Quantity(z.number().int().positive().max(MAX_QUANTITY)),
          /** Lot-tracked items: the lot coming back (taken from `originalMovement` when it moved one lot). */
          lot: LotCode.optional(),
          /** The issue (sale) it returns: no more can come back than it took out. */
          originalMovement: Id.optional(),
        }),
      )
      .min(1)
      .max(500),
  })
  .meta({ id: 'CreateReturnInput' });
export type CreateReturnInput = z.infer<typeof CreateReturnInput>;

export const InspectReturnInput = z
  .strictObject({
    lines: z
      .array(
        z.strictObject({
          sku: Sku,
          lot: LotCode.optional(),
          /** Back to the shelf: available again. */
          accept: z.number().int().min(0).max(MAX_QUANTITY).default(0),
          /** Not sellable: to `@scrap`. */
          scrap: z.number().int().min(0).max(MAX_QUANTITY).default(0),
        }),
      )
      .min(1)
      .max(500),
    version: z.number().int().positive().nullish(),
  })
  .meta({ id: 'InspectReturnInput' });
export type InspectReturnInput = z.infer<typeof InspectReturnInput>;

export const ReturnDto = z
  .object({
    id: z.number().int(),
    location: z.string(),
    status: z.enum(['received', 'inspecting', 'inspected']),
    inspect: z.boolean(),
    quarantine: z.string().nullable().describe('Where the stock waits for inspection'),
    reference: z.string().nullable(),
    reason: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    lines: z.array(
      z.object({
        sku: z.string(),
        lot: z.string().nullable(),
        quantity: z.number().int(),
        originalMovement: z.number().int().nullable(),
        accepted: z.number().int(),
        scrapped: z.number().int(),
        pending: z.number().int().describe('Still in quarantine'),
      }),
    ),
  })
  .meta({ id: 'Return' });
export type ReturnDto = z.infer<typeof ReturnDto>;

/**
 * A customer return: `return` movements `@customer → location` (or its quarantine,
 * with `inspect`), referencing the sale when known, in one transaction. A return of
 * more than the referenced sale took out (counting earlier returns of it) is refused.
 */
export async function createReturn({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateReturnInput;
}): Promise<ReturnDto> {
  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const refs = await new RefResolver(tx.raw).load({
      ...codesOfLines(input.lines),
      locations: [input.location],
    });
    const location = refs.internalLocation(input.location);
    requireWriteAt(ctx.actor, [location.id]);
    // What names no sale cannot be checked against one: a correction, for those who may make them.
    const unreferenced = input.lines.some((l) => l.originalMovement === undefined);
    if (unreferenced && !canCorrectStock(ctx.actor)) throw forbidden('unreferenced_return');

    const issues: Issue[] = [];
    const lines: Array<{
      item: ItemRef;
      quantity: number;
      lotCode?: string | undefined;
      original?: { seq: number; lots?: Posting['lots'] };
    }> = [];
    const returnedNow = new Map<number, number>();
    for (const [i, l] of input.lines.entries()) {
      const named = lineItem(refs, l, `lines.${i}`);
      if ('code' in named) {
        issues.push(named);
        continue;
      }
      const { item } = named;
      const quantity = l.quantity * named.multiplier;
      let original: { seq: number; lots?: Posting['lots'] } | undefined;
      if (l.originalMovement !== undefined) {
        const [m] = await loadMovements(tx, { seq: l.originalMovement, limit: 1 });
        if (!m || m.item.id !== item.id || m.type !== 'issue') {
          issues.push({
            path: `lines.${i}.originalMovement`,
            code: 'not_a_sale_of_item',
            params: { sku: item.sku, movement: l.originalMovement },
          });
          continue;
        }
        const { returned: before, reversed } = await comeBack(tx, m.seq, m.quantity);
        const total = before + (returnedNow.get(m.seq) ?? 0) + quantity;
        if (total + reversed > m.quantity) {
          issues.push({
            path: `lines.${i}.quantity`,
            code: 'more_than_sold',
            params: { sold: m.quantity, returned: before, reversed, sku: item.sku },
          });
          continue;
        }
        returnedNow.set(m.seq, total - before);
        original = { seq: m.seq, ...(m.lots ? { lots: m.lots } : {}) };
      }
      const lotCode =
        l.lot ?? (original?.lots?.length === 1 ? original.lots[0]!.lot.code : undefined);
      lines.push({ item, quantity, lotCode, ...(original ? { original } : {}) });
    }
    if (issues.length > 0) throw validationFailed(issues);

    const lookup = await resolveLots(
      tx,
      lines.flatMap((l) =>
        l.lotCode ? [{ item: l.item, code: l.lotCode, mayCreate: false }] : [],
      ),
      { persist: true, now },
    );
    const lotOf = (l: (typeof lines)[number], i: number): LotRef | undefined => {
      if (!l.lotCode) return undefined;
      const found = lookup(l.item, l.lotCode);
      if (found instanceof Error)
        throw found.code === 'validation_failed'
          ? validationFailed(
              ((found.details as Issue[]) ?? []).map((d) => ({ ...d, path: `lines.${i}.lot` })),
            )
          : found;
      return found;
    };
    const resolved = lines.map((l, i) => ({ ...l, lot: lotOf(l, i) }));

    const target = input.inspect ? await quarantineOf(tx, ctx, location) : location;
    const [created] = await tx
      .insert(customerReturns)
      .values({
        locationId: location.id,
        status: input.inspect ? 'inspecting' : 'received',
        inspect: input.inspect,
        reference: input.reference ?? null,
        reason: input.reason ?? null,
        createdBy: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: customerReturns.id });
    const id = created!.id;
    await tx.insert(returnLines).values(
      resolved.map((l) => ({
        returnId: id,
        itemId: l.item.id,
        lotId: l.lot?.id ?? null,
        quantity: l.quantity,
        originalSeq: l.original?.seq ?? null,
        accepted: input.inspect ? 0 : l.quantity,
      })),
    );
    const customer = await virtualLocation(tx.raw, '@customer');
    await post(
      tx,
      ctx,
      now,
      resolved.map((l) => ({
        type: 'return',
        item: l.item,
        source: customer,
        target,
        quantity: l.quantity,
        occurredAt: now,
        reason: input.reason ?? undefined,
        reference: input.reference ?? (l.original ? `movement:${l.original.seq}` : undefined),
        document: { type: 'return', id },
        ...(l.original ? {} : { unreferenced: true }),
        ...(l.lot ? { lot: l.lot } : {}),
      })),
    );
    await audit(tx, ctx, {
      action: 'return.create',
      entity: 'return',
      entityId: id,
      after: {
        ...input,
        unreferenced,
        lines: input.lines.map((l) =>
          l.originalMovement === undefined ? { ...l, unreferenced: true } : l,
        ),
      },
    });
    await publish(tx, now, {
      topic: 'return.created',
      document: { type: 'return', id },
      payload: { returnId: id, location: location.code, inspect: input.inspect },
    });
    return loadReturn(tx, id);
  });
}

/**
 * Decides what came back into quarantine: accepted units go back to the shelf
 * (`return_accept`, available again), the rest to `@scrap`. In parts if need be;
 * the return is `inspected` once nothing is left in quarantine.
 */
export async function inspectReturn({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  input: InspectReturnInput;
}): Promise<ReturnDto> {
  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const r = await loadReturnRecord(tx, id);
    requireWriteAt(ctx.actor, [r.location.id]);
    if (r.status !== 'inspecting' || (input.version != null && input.version !== r.version))
      throw invalidState('return', r.status);

    const issues: Issue[] = [];
    const decided = input.lines.flatMap((l, i) => {
      const matches = r.lines.filter(
        (x) => x.sku === l.sku && (l.lot === undefined || x.lot?.code === l.lot),
      );
      if (matches.length !== 1) {
        issues.push({
          path: `lines.${i}.${matches.length === 0 ? 'sku' : 'lot'}`,
          code: matches.length === 0 ? 'not_on_return' : 'required',
          params: { sku: l.sku },
        });
        return [];
      }
      const line = matches[0]!;
      const pending = line.quantity - line.accepted - line.scrapped;
      if (l.accept + l.scrap === 0)
        issues.push({ path: `lines.${i}.accept`, code: 'quantity_must_be_positive' });
      else if (l.accept + l.scrap > pending)
        issues.push({ path: `lines.${i}.accept`, code: 'too_big', params: { maximum: pending } });
      return [{ line, accept: l.accept, scrap: l.scrap }];
    });
    if (issues.length > 0) throw validationFailed(issues);

    const quarantine = await quarantineOf(tx, ctx, r.location);
    const scrap = await virtualLocation(tx.raw, '@scrap');
    const common = { occurredAt: now, reference: `return:${id}`, document: { type: 'return', id } };
    await post(
      tx,
      ctx,
      now,
      decided.flatMap(({ line, accept, scrap: scrapped }) => {
        const item = { id: line.itemId, sku: line.sku };
        const lot = line.lot ? { lot: line.lot } : {};
        return [
          ...(accept > 0
            ? [
                {
                  ...common,
                  ...lot,
                  type: 'return_accept' as const,
                  item,
                  source: quarantine,
                  target: r.location,
                  quantity: accept,
                },
              ]
            : []),
          ...(scrapped > 0
            ? [
                {
                  ...common,
                  ...lot,
                  type: 'scrap' as const,
                  item,
                  source: quarantine,
                  target: scrap,
                  quantity: scrapped,
                  reason: 'failed inspection',
                },
              ]
            : []),
        ];
      }),
    );
    for (const { line, accept, scrap: scrapped } of decided) {
      await tx
        .update(returnLines)
        .set({ accepted: line.accepted + accept, scrapped: line.scrapped + scrapped })
        .where(eq(returnLines.id, line.id));
    }
    const left =
      r.lines.reduce((sum, l) => sum + l.quantity - l.accepted - l.scrapped, 0) -
      decided.reduce((sum, d) => sum + d.accept + d.scrap, 0);
    await tx
      .update(customerReturns)
      .set({
        status: left === 0 ? 'inspected' : 'inspecting',
        version: r.version + 1,
        updatedAt: now,
      })
      .where(and(eq(customerReturns.id, id), eq(customerReturns.version, r.version)));
    await audit(tx, ctx, {
      action: 'return.inspect',
      entity: 'return',
      entityId: id,
      before: { status: r.status },
      after: { lines: input.lines },
    });
    return loadReturn(tx, id);
  });
}

export async function getReturn({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<ReturnDto> {
  return loadReturn(reader(ctx), id);
}

async function post(tx: Tx, ctx: ServiceContext, now: number, postings: Posting[]): Promise<void> {
  const session = new LedgerSession(tx, {
    actorId: ctx.actor.id,
    now,
    requestId: ctx.requestId,
    client: ctx.client,
  });
  await session.load(
    postings.flatMap((p) => [
      { item: p.item, location: p.source },
      { item: p.item, location: p.target },
    ]),
  );
  for (const p of postings) session.post(p);
  await session.flush();
}

/**
 * What of a sale has come back already: by returns against it, and by its reversal
 * (which undoes the whole of it). A return may take only the rest; see also
 * `returnsAgainst`, which refuses reversing a sale that has returns.
 */
async function comeBack(
  tx: Tx,
  seq: number,
  sold: number,
): Promise<{ returned: number; reversed: number }> {
  const { rows } = await tx.raw.execute({
    sql: `SELECT coalesce((SELECT sum(quantity) FROM return_lines WHERE original_seq = ?), 0) AS returned,
            EXISTS (SELECT 1 FROM movements WHERE reverses_seq = ?) AS reversed`,
    args: [seq, seq],
  });
  return {
    returned: Number(rows[0]!['returned']),
    reversed: Number(rows[0]!['reversed']) ? sold : 0,
  };
}

/** The returns against a sale and how much they brought back (none: `returned` 0). */
export async function returnsAgainst(
  q: Executor,
  seq: number,
): Promise<{ returned: number; returns: number[] }> {
  const { rows } = await q.execute({
    sql: `SELECT return_id, sum(quantity) AS n FROM return_lines WHERE original_seq = ? GROUP BY return_id ORDER BY return_id`,
    args: [seq],
  });
  return {
    returned: rows.reduce((sum, r) => sum + Number(r['n']), 0),
    returns: rows.map((r) => Number(r['return_id'])),
  };
}

/** The location's quarantine location, made the first time it is needed. */
async function quarantineOf(
  tx: Tx,
  ctx: ServiceContext,
  location: LocationRef,
): Promise<LocationRef> {
  const code = quarantineCode(location.code);
  const [existing] = await tx.select().from(locations).where(eq(locations.code, code));
  if (existing) {
    if (existing.kind !== 'quarantine' || existing.parentId !== location.id)
      throw alreadyExists('location', code);
    return { id: existing.id, code, isVirtual: false };
  }
  const [parent] = await tx
    .select({ name: locations.name })
    .from(locations)
    .where(eq(locations.id, location.id));
  const [row] = await tx
    .insert(locations)
    .values({
      code,
      // Both languages: a location name is data, shown to readers of either (messages localize it by its kind).
      name: `${parent!.name}（待检区 / quarantine）`,
      kind: 'quarantine',
      isVirtual: false,
      parentId: location.id,
      createdAt: ctx.now(),
    })
    .returning({ id: locations.id });
  await audit(tx, ctx, {
    action: 'location.create',
    entity: 'location',
    entityId: code,
    after: { code, kind: 'quarantine', parent: location.code },
  });
  return { id: row!.id, code, isVirtual: false };
}

interface ReturnRecord {
  id: number;
  location: LocationRef;
  status: ReturnDto['status'];
  inspect: boolean;
  reference: string | null;
  reason: string | null;
  version: number;
  createdAt: number;
  lines: Array<{
    id: number;
    itemId: number;
    sku: string;
    lot: LotRef | null;
    quantity: number;
    originalSeq: number | null;
    accepted: number;
    scrapped: number;
  }>;
}

async function loadReturnRecord(q: Queryable, id: number): Promise<ReturnRecord> {
  const [row] = await q
    .select({ r: customerReturns, code: locations.code })
    .from(customerReturns)
    .innerJoin(locations, eq(locations.id, customerReturns.locationId))
    .where(eq(customerReturns.id, id));
  if (!row) throw notFound('return', id);
  const lines = await q
    .select({ l: returnLines, sku: items.sku, lotCode: lots.code, expiresOn: lots.expiresOn })
    .from(returnLines)
    .innerJoin(items, eq(items.id, returnLines.itemId))
    .leftJoin(lots, eq(lots.id, returnLines.lotId))
    .where(eq(returnLines.returnId, id))
    .orderBy(asc(returnLines.id));
  return {
    id,
    location: { id: row.r.locationId, code: row.code, isVirtual: false },
    status: row.r.status as ReturnDto['status'],
    inspect: row.r.inspect,
    reference: row.r.reference,
    reason: row.r.reason,
    version: row.r.version,
    createdAt: row.r.createdAt,
    lines: lines.map(({ l, sku, lotCode, expiresOn }) => ({
      id: l.id,
      itemId: l.itemId,
      sku,
      lot:
        l.lotId !== null && lotCode !== null && expiresOn !== null
          ? { id: l.lotId, code: lotCode, expiresOn }
          : null,
      quantity: l.quantity,
      originalSeq: l.originalSeq,
      accepted: l.accepted,
      scrapped: l.scrapped,
    })),
  };
}

async function loadReturn(q: Queryable, id: number): Promise<ReturnDto> {
  const r = await loadReturnRecord(q, id);
  return {
    id: r.id,
    location: r.location.code,
    status: r.status,
    inspect: r.inspect,
    quarantine: r.inspect ? quarantineCode(r.location.code) : null,
    reference: r.reference,
    reason: r.reason,
    version: r.version,
    createdAt: new Date(r.createdAt).toISOString(),
    lines: r.lines.map((l) => ({
      sku: l.sku,
      lot: l.lot?.code ?? null,
      quantity: l.quantity,
      originalMovement: l.originalSeq,
      accepted: l.accepted,
      scrapped: l.scrapped,
      pending: l.quantity - l.accepted - l.scrapped,
    })),
  };
}
