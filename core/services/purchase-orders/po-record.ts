import { asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { PURCHASE_ORDER_STATUSES, type PurchaseOrderStatus } from '../../domain/documents.js';
import { fromE4 } from '../../domain/money.js';
import {
  items,
  locations,
  purchaseOrderLines,
  purchaseOrders,
  suppliers,
  users,
} from '../../db/schema.js';
import type { Queryable } from '../../db/types.js';
import { stepsOf, type ApprovalSubject, type StepRecord } from '../approvals/engine.js';
import { ApprovalStepDto, toStepDto } from '../approvals/step-dto.js';
import { notFound } from '../errors.js';
import type { LocationRef } from '../refs.js';

export interface PurchaseOrderRecord {
  type: 'purchase_order';
  id: number;
  status: PurchaseOrderStatus;
  version: number;
  supplier: { id: number; name: string; overReceiptPercent: number };
  location: LocationRef;
  note: string | null;
  requestedBy: number;
  requestedByName: string;
  createdAt: number;
  updatedAt: number;
  closed: { by: string; at: number; reason: string } | null;
  lines: Array<{
    id: number;
    itemId: number;
    sku: string;
    quantity: number;
    unitCostE4: number;
    received: number;
  }>;
  steps: StepRecord[];
}

export async function loadPurchaseOrder(q: Queryable, id: number): Promise<PurchaseOrderRecord> {
  const [row] = await q
    .select({
      po: purchaseOrders,
      supplierName: suppliers.name,
      overReceiptPercent: suppliers.overReceiptPercent,
      code: locations.code,
      requester: users.name,
      closer: sql<string | null>`(SELECT name FROM users WHERE id = ${purchaseOrders.closedBy})`,
    })
    .from(purchaseOrders)
    .innerJoin(suppliers, eq(suppliers.id, purchaseOrders.supplierId))
    .innerJoin(locations, eq(locations.id, purchaseOrders.locationId))
    .innerJoin(users, eq(users.id, purchaseOrders.requestedBy))
    .where(eq(purchaseOrders.id, id));
  if (!row) throw notFound('purchase_order', id);
  const lines = await q
    .select({
      id: purchaseOrderLines.id,
      itemId: purchaseOrderLines.itemId,
      sku: items.sku,
      quantity: purchaseOrderLines.quantity,
      unitCostE4: purchaseOrderLines.unitCostE4,
      received: purchaseOrderLines.received,
    })
    .from(purchaseOrderLines)
    .innerJoin(items, eq(items.id, purchaseOrderLines.itemId))
    .where(eq(purchaseOrderLines.purchaseOrderId, id))
    .orderBy(asc(purchaseOrderLines.id));
  const { po } = row;
  return {
    type: 'purchase_order',
    id: po.id,
    status: po.status as PurchaseOrderStatus,
    version: po.version,
    supplier: {
      id: po.supplierId,
      name: row.supplierName,
      overReceiptPercent: row.overReceiptPercent,
    },
    location: { id: po.locationId, code: row.code, isVirtual: false },
    note: po.note,
    requestedBy: po.requestedBy,
    requestedByName: row.requester,
    createdAt: po.createdAt,
    updatedAt: po.updatedAt,
    closed:
      po.closedAt === null
        ? null
        : { by: row.closer ?? '', at: po.closedAt, reason: po.closeReason ?? '' },
    lines,
    steps: await stepsOf(q, { type: 'purchase_order', id }),
  };
}

export function purchaseOrderSubject(po: PurchaseOrderRecord): ApprovalSubject {
  return {
    type: 'purchase_order',
    id: po.id,
    version: po.version,
    status: po.status,
    requestedBy: po.requestedBy,
    locationIds: [po.location.id],
    quantity: po.lines.reduce((sum, l) => sum + l.quantity, 0),
    valueE4: po.lines.reduce((sum, l) => sum + l.quantity * l.unitCostE4, 0),
  };
}

export const PurchaseOrderDto = z
  .object({
    id: z.number().int(),
    status: z.enum(PURCHASE_ORDER_STATUSES),
    version: z.number().int(),
    supplier: z.object({ id: z.number().int(), name: z.string() }),
    location: z.string(),
    note: z.string().nullable(),
    requestedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    closed: z
      .object({ by: z.string(), at: z.string(), reason: z.string() })
      .nullable()
      .describe('Closed short: who, when, why; what was not received is no longer on order'),
    totals: z.object({ quantity: z.number().int(), value: z.number() }),
    lines: z.array(
      z.object({
        sku: z.string(),
        quantity: z.number().int(),
        unitCost: z.number(),
        received: z.number().int(),
      }),
    ),
    approvals: z.array(ApprovalStepDto),
  })
  .meta({ id: 'PurchaseOrder' });
export type PurchaseOrderDto = z.infer<typeof PurchaseOrderDto>;

export function toPurchaseOrderDto(po: PurchaseOrderRecord): PurchaseOrderDto {
  const subject = purchaseOrderSubject(po);
  return {
    id: po.id,
    status: po.status,
    version: po.version,
    supplier: { id: po.supplier.id, name: po.supplier.name },
    location: po.location.code,
    note: po.note,
    requestedBy: po.requestedByName,
    createdAt: new Date(po.createdAt).toISOString(),
    updatedAt: new Date(po.updatedAt).toISOString(),
    closed: po.closed && {
      by: po.closed.by,
      at: new Date(po.closed.at).toISOString(),
      reason: po.closed.reason,
    },
    totals: { quantity: subject.quantity, value: fromE4(subject.valueE4) },
    lines: po.lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      unitCost: fromE4(l.unitCostE4),
      received: l.received,
    })),
    approvals: po.steps.map(toStepDto),
  };
}
