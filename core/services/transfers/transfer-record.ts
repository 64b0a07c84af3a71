import { and, asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import {
  heldAtSource,
  inTransit,
  TRANSFER_STATUSES,
  type TransferStatus,
} from '../../domain/documents.js';
import { fromE4, sumE4, valueE4 } from '../../domain/money.js';
import { items, locations, transferLines, transfers, users } from '../../db/schema.js';
import type { Queryable } from '../../db/types.js';
import { stepsOf, type ApprovalSubject, type StepRecord } from '../approvals/engine.js';
import { ApprovalStepDto, toStepDto } from '../approvals/step-dto.js';
import { notFound } from '../errors.js';
import type { LocationRef } from '../refs.js';

export interface TransferLineRecord {
  id: number;
  itemId: number;
  sku: string;
  quantity: number;
  reservationId: number | null;
  shipped: number;
  received: number;
  lost: number;
  released: number;
  lossReason: string | null;
  lossNote: string | null;
  avgUnitCostE4: number | null;
}

export interface TransferRecord {
  type: 'transfer';
  id: number;
  status: TransferStatus;
  version: number;
  from: LocationRef;
  to: LocationRef;
  note: string | null;
  requestedBy: number;
  requestedByName: string;
  createdAt: number;
  updatedAt: number;
  approvalExpiresAt: number | null;
  shippedAt: number | null;
  shippedBy: string | null;
  closedAt: number | null;
  closedBy: string | null;
  closeReason: string | null;
  lossRequestedBy: number | null;
  lossRequestedByName: string | null;
  lossRequestedAt: number | null;
  lines: TransferLineRecord[];
  steps: StepRecord[];
  /** The approval steps of its write-off (`transfer_loss`), every round. */
  lossSteps: StepRecord[];
}

const fromLoc = alias(locations, 'from_loc');
const toLoc = alias(locations, 'to_loc');
const requester = alias(users, 'requester');
const shipper = alias(users, 'shipper');
const closer = alias(users, 'closer');
const lossRequester = alias(users, 'loss_requester');

export async function loadTransfer(q: Queryable, id: number): Promise<TransferRecord> {
  const [row] = await q
    .select({
      t: transfers,
      fromCode: fromLoc.code,
      toCode: toLoc.code,
      requestedByName: requester.name,
      shippedBy: shipper.name,
      closedBy: closer.name,
      lossRequestedBy: lossRequester.name,
    })
    .from(transfers)
    .innerJoin(fromLoc, eq(fromLoc.id, transfers.fromLocationId))
    .innerJoin(toLoc, eq(toLoc.id, transfers.toLocationId))
    .innerJoin(requester, eq(requester.id, transfers.requestedBy))
    .leftJoin(shipper, eq(shipper.id, transfers.shippedBy))
    .leftJoin(closer, eq(closer.id, transfers.closedBy))
    .leftJoin(lossRequester, eq(lossRequester.id, transfers.lossRequestedBy))
    .where(eq(transfers.id, id));
  if (!row) throw notFound('transfer', id);
  const lines = await q
    .select({
      id: transferLines.id,
      itemId: transferLines.itemId,
      sku: items.sku,
      quantity: transferLines.quantity,
      reservationId: transferLines.reservationId,
      shipped: transferLines.shipped,
      received: transferLines.received,
      lost: transferLines.lost,
      released: transferLines.released,
      lossReason: transferLines.lossReason,
      lossNote: transferLines.lossNote,
      avgUnitCostE4: items.avgUnitCostE4,
    })
    .from(transferLines)
    .innerJoin(items, eq(items.id, transferLines.itemId))
    .where(and(eq(transferLines.transferId, id)))
    .orderBy(asc(transferLines.id));
  const { t } = row;
  return {
    type: 'transfer',
    id: t.id,
    status: t.status as TransferStatus,
    version: t.version,
    from: { id: t.fromLocationId, code: row.fromCode, isVirtual: false },
    to: { id: t.toLocationId, code: row.toCode, isVirtual: false },
    note: t.note,
    requestedBy: t.requestedBy,
    requestedByName: row.requestedByName,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    approvalExpiresAt: t.approvalExpiresAt,
    shippedAt: t.shippedAt,
    shippedBy: row.shippedBy,
    closedAt: t.closedAt,
    closedBy: row.closedBy,
    closeReason: t.closeReason,
    lossRequestedBy: t.lossRequestedBy,
    lossRequestedByName: row.lossRequestedBy,
    lossRequestedAt: t.lossRequestedAt,
    lines,
    steps: await stepsOf(q, { type: 'transfer', id }),
    lossSteps: await stepsOf(q, { type: 'transfer_loss', id }),
  };
}

/** The transfer as the approval engine sees it: valued at moving-average cost. */
export function transferSubject(t: TransferRecord): ApprovalSubject {
  return {
    type: 'transfer',
    id: t.id,
    version: t.version,
    status: t.status,
    requestedBy: t.requestedBy,
    locationIds: [t.from.id, t.to.id],
    quantity: t.lines.reduce((sum, l) => sum + l.quantity, 0),
    valueE4: Number(sumE4(t.lines.map((l) => valueE4(l.quantity, l.avgUnitCostE4)))),
  };
}

/**
 * The transfer's write-off as the approval engine sees it: what is still in transit,
 * valued at moving-average cost, asked by whoever closed it. A rejection gives the
 * transfer back to receiving.
 */
export function lossSubject(t: TransferRecord): ApprovalSubject {
  return {
    type: 'transfer_loss',
    id: t.id,
    version: t.version,
    status: t.status,
    requestedBy: t.lossRequestedBy ?? t.requestedBy,
    locationIds: [t.from.id, t.to.id],
    quantity: t.lines.reduce((sum, l) => sum + inTransit(l), 0),
    valueE4: Number(sumE4(t.lines.map((l) => valueE4(inTransit(l), l.avgUnitCostE4)))),
    rejectedStatus: t.lines.some((l) => l.received > 0 || l.lost > 0)
      ? 'partially_received'
      : 'in_transit',
  };
}

/** Statuses in which unshipped units are still held at the source. */
const HOLDING: readonly string[] = [
  'draft',
  'pending_approval',
  'approved',
  'in_transit',
  'partially_received',
  'loss_pending_approval',
];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const TransferDto = z
  .object({
    id: z.number().int(),
    status: z.enum(TRANSFER_STATUSES),
    version: z.number().int().describe('Send it back with decisions: a stale version is refused.'),
    from: z.string(),
    to: z.string(),
    note: z.string().nullable(),
    requestedBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    approvalExpiresAt: z.string().nullable(),
    shippedAt: z.string().nullable(),
    shippedBy: z.string().nullable(),
    closedAt: z.string().nullable(),
    closedBy: z.string().nullable(),
    closeReason: z.string().nullable(),
    totals: z.object({ quantity: z.number().int(), value: z.number() }),
    lossRequestedBy: z
      .string()
      .nullable()
      .describe(
        'Who closed it with a write-off (waiting for approval while loss_pending_approval)',
      ),
    lossRequestedAt: z.string().nullable(),
    lines: z.array(
      z.object({
        sku: z.string(),
        quantity: z.number().int(),
        shipped: z.number().int(),
        received: z.number().int(),
        lost: z.number().int(),
        released: z.number().int().describe('Not shipped and given back to the source'),
        held: z
          .number()
          .int()
          .describe('Not shipped yet, still held at the source for a later shipment'),
        lossReason: z.string().nullable(),
        lossNote: z.string().nullable(),
      }),
    ),
    approvals: z.array(ApprovalStepDto),
    lossApprovals: z
      .array(ApprovalStepDto)
      .describe("The write-off's approval steps (transfer_loss policy)"),
  })
  .meta({ id: 'Transfer' });
export type TransferDto = z.infer<typeof TransferDto>;

export function toTransferDto(t: TransferRecord): TransferDto {
  const subject = transferSubject(t);
  return {
    id: t.id,
    status: t.status,
    version: t.version,
    from: t.from.code,
    to: t.to.code,
    note: t.note,
    requestedBy: t.requestedByName,
    createdAt: iso(t.createdAt)!,
    updatedAt: iso(t.updatedAt)!,
    approvalExpiresAt: iso(t.approvalExpiresAt),
    shippedAt: iso(t.shippedAt),
    shippedBy: t.shippedBy,
    closedAt: iso(t.closedAt),
    closedBy: t.closedBy,
    closeReason: t.closeReason,
    totals: { quantity: subject.quantity, value: fromE4(subject.valueE4) },
    lossRequestedBy: t.lossRequestedByName,
    lossRequestedAt: iso(t.lossRequestedAt),
    lines: t.lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      shipped: l.shipped,
      received: l.received,
      lost: l.lost,
      released: l.released,
      held: HOLDING.includes(t.status) ? heldAtSource(l) : 0,
      lossReason: l.lossReason,
      lossNote: l.lossNote,
    })),
    approvals: t.steps.map(toStepDto),
    lossApprovals: t.lossSteps.map(toStepDto),
  };
}
