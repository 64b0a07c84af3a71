import { SALES_ORDER_STATUSES } from '../../domain/documents.js';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { fromE4 } from '../../domain/money.js';
import {
  customers,
  items,
  locations,
  salesOrderLines,
  salesOrders,
  users,
} from '../../db/schema.js';
import type { Queryable, Tx } from '../../db/types.js';
import { stepsOf, type ApprovalSubject, type StepRecord } from '../approvals/engine.js';
import { ApprovalStepDto, toStepDto } from '../approvals/step-dto.js';
import type { ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import type { LocationRef } from '../refs.js';
import { releaseHeld } from '../reservations/hold-records.js';

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

export interface SalesOrderRecord {
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

export async function releaseLines(
  tx: Tx,
  ctx: ServiceContext,
  o: SalesOrderRecord,
): Promise<void> {
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

export function toSalesOrderDto(o: SalesOrderRecord): SalesOrderDto {
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
