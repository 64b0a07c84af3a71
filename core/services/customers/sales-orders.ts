import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { canMaintainItems } from '../../domain/actor.js';
import type { Issue } from '../../domain/codes.js';
import { MAX_QUANTITY } from '../../domain/codes.js';
import { creditCheck, type Exposure } from '../../domain/credit.js';
import {
  documentTotalE4,
  documentTotalIssues,
  fromE4,
  MAX_UNIT_COST,
  sumE4,
  toE4,
} from '../../domain/money.js';
import {
  customers,
  items,
  locations,
  salesOrderLines,
  salesOrders,
  users,
} from '../../db/schema.js';
import type { Queryable, Tx } from '../../db/types.js';
import {
  cancelApprovals,
  decideAudited,
  openApprovals,
  stepsOf,
  transition,
  type ApprovalSubject,
  type DecisionOutcome,
  type StepRecord,
} from '../approvals/engine.js';
import { ApprovalStepDto, toStepDto, type DecisionInput } from '../approvals/step-dto.js';
import { audit } from '../audit.js';
import { reader, withTransaction, type ServiceContext } from '../context.js';
import { forbidden, invalidState, notFound, validationFailed } from '../errors.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import { everyLine } from '../problems.js';
import { RefResolver, type LocationRef } from '../ledger/refs.js';
import { insertHold, releaseHeld } from '../reservations/hold-records.js';
import { settleReservation } from '../reservations/settle-reservation.js';
import { publish } from '../outbox.js';
import { LocationCode, Money, Reference, Sku, Text, Quantity } from '../schemas.js';
import { requireWriteAt } from '../scope.js';

const DAY = 86_400_000;
const CustomerCode = z.string().min(1).max(64).regex(/^\S+$/, 'no spaces');

export const CustomerInput = z
  .strictObject({
    code: CustomerCode,
    name: Text(200),
    /** In currency units; omitted or null: no limit. */
    creditLimit: Money().nullish(),
    paymentTermsDays: z.number().int().min(0).max(3650).default(0),
  })
  .meta({ id: 'CustomerInput' });
export type CustomerInput = z.infer<typeof CustomerInput>;

export const ExposureDto = z
  .object({
    customer: z.string(),
    creditLimit: z.number().nullable(),
    paymentTermsDays: z.number().int(),
    openOrders: z.number().describe('Orders not shipped yet (waiting for approval or approved)'),
    receivables: z.number().describe('Shipped, not paid'),
    overdue: z.number().describe('Receivables past their due date'),
    exposure: z.number().describe('openOrders + receivables'),
    remaining: z.number().nullable().describe('creditLimit − exposure; null without a limit'),
  })
  .meta({ id: 'CustomerExposure' });
export type ExposureDto = z.infer<typeof ExposureDto>;

export const SalesOrderInput = z
  .strictObject({
    customer: CustomerCode,
    location: LocationCode,
    lines: z
      .array(
        z.strictObject({
          sku: Sku,
          quantity: Quantity(z.number().int().positive().max(MAX_QUANTITY)),
          unitPrice: Money(MAX_UNIT_COST, 'Per base unit, in currency units'),
        }),
      )
      .min(1)
      .max(500),
    reference: Reference.nullish(),
  })
  .meta({ id: 'SalesOrderInput' });
export type SalesOrderInput = z.infer<typeof SalesOrderInput>;

const SALES_ORDER_STATUSES = [
  'pending_approval',
  'approved',
  'shipped',
  'paid',
  'rejected',
  'cancelled',
] as const;

export const SalesOrderDto = z
  .object({
    id: z.number().int(),
    customer: z.string(),
    location: z.string(),
    status: z.enum(SALES_ORDER_STATUSES),
    version: z.number().int(),
    value: z.number(),
    reference: z.string().nullable(),
    requestedBy: z.string(),
    dueAt: z.string().nullable(),
    lines: z.array(
      z.object({ sku: z.string(), quantity: z.number().int(), unitPrice: z.number() }),
    ),
    approvals: z.array(ApprovalStepDto),
  })
  .meta({ id: 'SalesOrder' });
export type SalesOrderDto = z.infer<typeof SalesOrderDto>;

export async function putCustomer({ ctx, input }: { ctx: ServiceContext; input: CustomerInput }) {
  if (!canMaintainItems(ctx.actor)) throw forbidden('role_cannot_maintain_items');
  return withTransaction(ctx, async (tx) => {
    const [before] = await tx.select().from(customers).where(eq(customers.code, input.code));
    // The schema allowed it: toE4 cannot fail.
    const creditLimitE4 = input.creditLimit == null ? null : toE4(input.creditLimit)!;
    const row = {
      code: input.code,
      name: input.name,
      creditLimitE4,
      paymentTermsDays: input.paymentTermsDays,
    };
    if (before) await tx.update(customers).set(row).where(eq(customers.id, before.id));
    else await tx.insert(customers).values({ ...row, createdAt: ctx.now() });
    await audit(tx, ctx, {
      action: before ? 'customer.update' : 'customer.create',
      entity: 'customer',
      entityId: input.code,
      before: before ?? null,
      after: input,
    });
    return exposureOf(tx, input.code, ctx.now());
  });
}

/** What a customer owes and has on order, against their limit. */
export async function customerExposure({
  ctx,
  code,
}: {
  ctx: ServiceContext;
  code: string;
}): Promise<ExposureDto> {
  return exposureOf(reader(ctx), code, ctx.now());
}

async function exposureOf(q: Queryable, code: string, now: number): Promise<ExposureDto> {
  const [c] = await q.select().from(customers).where(eq(customers.code, code));
  if (!c) throw notFound('customer', code);
  const e = await exposureFigures(q, c.id, now);
  return {
    customer: c.code,
    creditLimit: c.creditLimitE4 === null ? null : fromE4(c.creditLimitE4),
    paymentTermsDays: c.paymentTermsDays,
    openOrders: fromE4(e.openOrdersE4),
    receivables: fromE4(e.receivablesE4),
    overdue: fromE4(e.overdueE4),
    exposure: fromE4(e.openOrdersE4 + e.receivablesE4),
    remaining:
      c.creditLimitE4 === null ? null : fromE4(c.creditLimitE4 - e.openOrdersE4 - e.receivablesE4),
  };
}

async function exposureFigures(q: Queryable, customerId: number, now: number): Promise<Exposure> {
  const rows = await q
    .select({ status: salesOrders.status, valueE4: salesOrders.valueE4, dueAt: salesOrders.dueAt })
    .from(salesOrders)
    .where(eq(salesOrders.customerId, customerId));
  // Each order is within the largest amount; their sums are added exactly and rounded once.
  const open = rows.filter((r) => r.status === 'pending_approval' || r.status === 'approved');
  const shipped = rows.filter((r) => r.status === 'shipped');
  return {
    openOrdersE4: Number(sumE4(open.map((r) => r.valueE4))),
    receivablesE4: Number(sumE4(shipped.map((r) => r.valueE4))),
    overdueE4: Number(
      sumE4(shipped.filter((r) => r.dueAt !== null && r.dueAt < now).map((r) => r.valueE4)),
    ),
  };
}

/**
 * A sales order to a business customer. Its stock is held at once (so it cannot be
 * sold while the order waits); when its value is over the credit the customer has
 * left (limit − open orders − unpaid invoices), a `credit_override` approval is
 * asked (the policy's levels, or a manager of the location when no policy is set),
 * otherwise it is approved at once.
 */
export async function createSalesOrder({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: SalesOrderInput;
}): Promise<SalesOrderDto> {
  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const [customer] = await tx.select().from(customers).where(eq(customers.code, input.customer));
    if (!customer) throw notFound('customer', input.customer);
    const refs = await new RefResolver(tx.raw).load({
      skus: input.lines.map((l) => l.sku),
      locations: [input.location],
    });
    const location = refs.internalLocation(input.location);
    requireWriteAt(ctx.actor, [location.id]);
    const issues: Issue[] = [];
    const lines = input.lines.flatMap((l, i) => {
      const item = refs.item(l.sku);
      const priceE4 = toE4(l.unitPrice);
      if (!item)
        issues.push({ path: `lines.${i}.sku`, code: 'unknown_sku', params: { sku: l.sku } });
      if (input.lines.findIndex((x) => x.sku === l.sku) !== i)
        issues.push({
          path: `lines.${i}.sku`,
          code: 'invalid_value',
          params: { duplicate: l.sku },
        });
      return item && priceE4 !== undefined ? [{ item, quantity: l.quantity, priceE4 }] : [];
    });
    const total = documentTotalE4(
      input.lines.map((l) => ({ quantity: l.quantity, unitE4: toE4(l.unitPrice)! })),
    );
    if (!total.ok) issues.push(...documentTotalIssues(total));
    if (issues.length > 0 || !total.ok) throw validationFailed(issues);
    const valueE4 = total.totalE4;

    // Stock first: an order that cannot be filled is refused before anyone is asked about credit.
    const session = new LedgerSession(tx, {
      actorId: ctx.actor.id,
      now,
      requestId: ctx.requestId,
      client: ctx.client,
    });
    await session.load(lines.map((l) => ({ item: l.item, location })));
    everyLine(lines, (l) => session.hold(l.item, location, l.quantity));
    await session.flush();

    const [order] = await tx
      .insert(salesOrders)
      .values({
        customerId: customer.id,
        locationId: location.id,
        status: 'draft',
        valueE4,
        reference: input.reference ?? null,
        requestedBy: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: salesOrders.id });
    const id = order!.id;
    for (const l of lines) {
      const reservationId = await insertHold(tx, {
        itemId: l.item.id,
        locationId: location.id,
        quantity: l.quantity,
        reference: `sales_order:${id}`,
        actorId: ctx.actor.id,
        now,
      });
      await tx.insert(salesOrderLines).values({
        salesOrderId: id,
        itemId: l.item.id,
        quantity: l.quantity,
        unitPriceE4: l.priceE4,
        reservationId,
      });
    }
    const check = creditCheck(
      customer.creditLimitE4,
      await exposureFigures(tx, customer.id, now),
      valueE4,
    );
    const loaded = await loadSalesOrder(tx, id);
    const status = check.withinLimit
      ? 'approved'
      : await openApprovals(tx, ctx, subjectOf(loaded), { levels: [{ role: 'manager' }] });
    if (!(await transition(tx, loaded, ['draft'], status, now, loaded.version)))
      throw invalidState('sales_order', 'draft');
    await audit(tx, ctx, {
      action: 'sales_order.create',
      entity: 'sales_order',
      entityId: id,
      after: { ...input, status, credit: check },
    });
    await publish(tx, now, {
      topic: `sales_order.${status}`,
      document: { type: 'sales_order', id },
      payload: {
        salesOrderId: id,
        customer: customer.code,
        value: fromE4(valueE4),
        status,
        overBy: fromE4(check.overByE4),
      },
    });
    return toDto(await loadSalesOrder(tx, id));
  });
}

/** Decides the credit override; a rejection releases the held stock. */
export async function decideSalesOrder({
  ctx,
  id,
  approve,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  approve: boolean;
  input: DecisionInput;
}): Promise<SalesOrderDto & { decided: DecisionOutcome }> {
  return withTransaction(ctx, async (tx) => {
    const o = await loadSalesOrder(tx, id);
    const { decided } = await decideAudited(
      tx,
      ctx,
      subjectOf(o),
      'sales_order',
      { approve, input },
      () => releaseLines(tx, ctx, o),
    );
    return { ...toDto(await loadSalesOrder(tx, id)), decided };
  });
}

/** Ships an approved order (its holds become issues); the invoice falls due after the customer's payment terms. */
export async function shipSalesOrder({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<SalesOrderDto> {
  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const o = await loadSalesOrder(tx, id);
    if (!(await transition(tx, o, ['approved'], 'shipped', now, o.version)))
      throw invalidState('sales_order', o.status);
    for (const l of o.lines)
      if (l.reservationId !== null)
        await settleReservation({ ctx: { ...ctx, tx }, id: l.reservationId, action: 'commit' });
    await tx
      .update(salesOrders)
      .set({ shippedAt: now, dueAt: now + o.paymentTermsDays * DAY })
      .where(eq(salesOrders.id, id));
    await audit(tx, ctx, {
      action: 'sales_order.ship',
      entity: 'sales_order',
      entityId: id,
      before: { status: o.status },
      after: { status: 'shipped' },
    });
    return toDto(await loadSalesOrder(tx, id));
  });
}

/** Records payment: the invoice no longer counts against the customer's credit. */
export async function paySalesOrder({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<SalesOrderDto> {
  if (!canMaintainItems(ctx.actor)) throw forbidden('admin_or_manager_only');
  return withTransaction(ctx, async (tx) => {
    const o = await loadSalesOrder(tx, id);
    if (!(await transition(tx, o, ['shipped'], 'paid', ctx.now(), o.version)))
      throw invalidState('sales_order', o.status);
    await tx.update(salesOrders).set({ paidAt: ctx.now() }).where(eq(salesOrders.id, id));
    await audit(tx, ctx, {
      action: 'sales_order.pay',
      entity: 'sales_order',
      entityId: id,
      before: { status: o.status },
      after: { status: 'paid' },
    });
    return toDto(await loadSalesOrder(tx, id));
  });
}

/** Cancels before shipping: holds released, open approval steps dropped. */
export async function cancelSalesOrder({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<SalesOrderDto> {
  return withTransaction(ctx, async (tx) => {
    const o = await loadSalesOrder(tx, id);
    if (ctx.actor.id !== o.requestedBy && !canMaintainItems(ctx.actor))
      throw forbidden('not_requester_or_manager');
    if (
      !(await transition(
        tx,
        o,
        ['pending_approval', 'approved'],
        'cancelled',
        ctx.now(),
        o.version,
      ))
    )
      throw invalidState('sales_order', o.status);
    await releaseLines(tx, ctx, o);
    await cancelApprovals(tx, o);
    await audit(tx, ctx, {
      action: 'sales_order.cancel',
      entity: 'sales_order',
      entityId: id,
      before: { status: o.status },
      after: { status: 'cancelled' },
    });
    return toDto(await loadSalesOrder(tx, id));
  });
}

export async function getSalesOrder({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<SalesOrderDto> {
  return toDto(await loadSalesOrder(reader(ctx), id));
}

interface SalesOrderRecord {
  type: 'credit_override';
  id: number;
  customer: string;
  paymentTermsDays: number;
  location: LocationRef;
  status: string;
  version: number;
  valueE4: number;
  reference: string | null;
  requestedBy: number;
  requestedByName: string;
  createdAt: number;
  dueAt: number | null;
  lines: Array<{
    itemId: number;
    sku: string;
    quantity: number;
    unitPriceE4: number;
    reservationId: number | null;
  }>;
  steps: StepRecord[];
}

export async function loadSalesOrder(q: Queryable, id: number): Promise<SalesOrderRecord> {
  const [row] = await q
    .select({
      o: salesOrders,
      customer: customers.code,
      terms: customers.paymentTermsDays,
      code: locations.code,
      requester: users.name,
    })
    .from(salesOrders)
    .innerJoin(customers, eq(customers.id, salesOrders.customerId))
    .innerJoin(locations, eq(locations.id, salesOrders.locationId))
    .innerJoin(users, eq(users.id, salesOrders.requestedBy))
    .where(eq(salesOrders.id, id));
  if (!row) throw notFound('sales_order', id);
  const lines = await q
    .select({
      itemId: salesOrderLines.itemId,
      sku: items.sku,
      quantity: salesOrderLines.quantity,
      unitPriceE4: salesOrderLines.unitPriceE4,
      reservationId: salesOrderLines.reservationId,
    })
    .from(salesOrderLines)
    .innerJoin(items, eq(items.id, salesOrderLines.itemId))
    .where(eq(salesOrderLines.salesOrderId, id))
    .orderBy(asc(salesOrderLines.id));
  return {
    type: 'credit_override',
    id,
    customer: row.customer,
    paymentTermsDays: row.terms,
    location: { id: row.o.locationId, code: row.code, isVirtual: false },
    status: row.o.status,
    version: row.o.version,
    valueE4: row.o.valueE4,
    reference: row.o.reference,
    requestedBy: row.o.requestedBy,
    requestedByName: row.requester,
    createdAt: row.o.createdAt,
    dueAt: row.o.dueAt,
    lines,
    steps: await stepsOf(q, { type: 'credit_override', id }),
  };
}

export function subjectOf(o: SalesOrderRecord): ApprovalSubject {
  return {
    type: 'credit_override',
    id: o.id,
    version: o.version,
    status: o.status,
    requestedBy: o.requestedBy,
    locationIds: [o.location.id],
    quantity: o.lines.reduce((sum, l) => sum + l.quantity, 0),
    valueE4: o.valueE4,
  };
}

async function releaseLines(tx: Tx, ctx: ServiceContext, o: SalesOrderRecord): Promise<void> {
  await releaseHeld(
    tx,
    { actorId: ctx.actor.id, now: ctx.now(), requestId: ctx.requestId, client: ctx.client },
    o.lines.map((l) => ({
      reservationId: l.reservationId,
      item: { id: l.itemId, sku: l.sku },
      location: o.location,
    })),
  );
}

function toDto(o: SalesOrderRecord): SalesOrderDto {
  return {
    id: o.id,
    customer: o.customer,
    location: o.location.code,
    status: o.status as SalesOrderDto['status'],
    version: o.version,
    value: fromE4(o.valueE4),
    reference: o.reference,
    requestedBy: o.requestedByName,
    dueAt: o.dueAt === null ? null : new Date(o.dueAt).toISOString(),
    lines: o.lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      unitPrice: fromE4(l.unitPriceE4),
    })),
    approvals: o.steps.map(toStepDto),
  };
}
