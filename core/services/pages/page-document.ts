/**
 * What the served pages show about a document: the approval page (one decision) and
 * the full-list page a card too small for its lines links to. Read fresh from the
 * ledger with the same services the Teams card reads, every line, biggest first, with
 * the names, the shop's currency and its time zone.
 */
import { readSettings } from '../settings/read-settings.js';
import { lookupNames, emptyKeys } from '../names.js';
import { systemReader, type Database, type ServiceContext } from '../context.js';
import { customerExposure } from '../customers/customer-exposure.js';
import { getSalesOrder } from '../customers/get-sales-order.js';
import { getPurchaseOrder } from '../purchase-orders/list-purchase-orders.js';
import { getStocktake } from '../stocktakes/list-stocktakes.js';
import { getStock } from '../stock/get-stock.js';
import { listStock, ListStockInput } from '../stock/list-stock.js';
import { getWriteOff } from '../transfers/get-write-off.js';
import { getTransfer } from '../transfers/list-transfers.js';
import { loadApprovalDocument } from '../documents/approval-documents.js';
import type { ApprovalStepDto } from '../approvals/step-dto.js';
import type { ApprovalType } from '../documents/decide-document.js';
import type { Names } from '../../i18n/render.js';

export interface PageLine {
  sku: string;
  /** Units asked for; for a stocktake, the difference (counted − book) with its sign. */
  quantity: number;
  counted?: number;
  book?: number;
  /** A stocktake line's difference valued at its cost, with its sign. */
  varianceValue?: number | null;
  availableFrom?: number;
  availableTo?: number;
  unitCost?: number;
  unitPrice?: number;
  /** A write-off line's reason (lost, damaged). */
  reason?: string | null;
}

export interface PageDocument {
  type: ApprovalType;
  id: number;
  version: number;
  status: string;
  /** Still waiting for a decision (the status the engine asks in). */
  waiting: boolean;
  from?: string;
  to: string;
  supplier?: string;
  customer?: string;
  creditLeft?: number | null;
  requestedBy: string;
  requestedAt: number;
  /** The document's value; for a stocktake the net value of its differences. */
  value: number;
  /** A stocktake's differences valued regardless of sign. */
  absoluteValue?: number;
  lines: PageLine[];
  steps: ApprovalStepDto[];
  names: Names;
  currency: string;
  timeZone: string;
}

const WAITING: Record<ApprovalType, string> = {
  transfer: 'pending_approval',
  purchase_order: 'pending_approval',
  stocktake_variance: 'submitted',
  credit_override: 'pending_approval',
  transfer_loss: 'loss_pending_approval',
};

/** A document of any approval type as the pages show it. `not_found` when there is none. */
export async function pageDocument(
  database: Database,
  type: ApprovalType,
  id: number,
): Promise<PageDocument> {
  // Whoever holds a valid link sees the document whatever their own scope: the system reads it.
  const ctx = systemReader(database, `page-${type}-${id}`);
  const base = await body(ctx, type, id);
  const keys = emptyKeys();
  for (const l of base.lines) keys.skus.add(l.sku);
  for (const code of [base.from, base.to]) if (code) keys.locations.add(code);
  const [names, settings, asked] = await Promise.all([
    lookupNames(database.client, keys),
    readSettings(database.client),
    loadApprovalDocument(database.db, type, id),
  ]);
  const lines = [...base.lines].sort(
    (a, b) => Math.abs(b.quantity) - Math.abs(a.quantity) || a.sku.localeCompare(b.sku),
  );
  return {
    ...base,
    type,
    id,
    requestedAt: asked.createdAt,
    waiting: base.status === WAITING[type],
    lines,
    names,
    currency: settings.currency,
    timeZone: settings.timeZone,
  };
}

type Body = Omit<
  PageDocument,
  'type' | 'id' | 'waiting' | 'names' | 'currency' | 'timeZone' | 'requestedAt'
>;

async function body(ctx: ServiceContext, type: ApprovalType, id: number): Promise<Body> {
  switch (type) {
    case 'transfer': {
      const t = await getTransfer({ ctx, id });
      const lines = [];
      for (const l of t.lines)
        lines.push({
          sku: l.sku,
          quantity: l.quantity,
          availableFrom: (await getStock({ ctx, location: t.from, sku: l.sku })).available,
          availableTo: (await getStock({ ctx, location: t.to, sku: l.sku })).available,
        });
      return {
        version: t.version,
        status: t.status,
        from: t.from,
        to: t.to,
        requestedBy: t.requestedBy,
        value: t.totals.value,
        lines,
        steps: t.approvals,
      };
    }
    case 'transfer_loss': {
      const w = await getWriteOff({ ctx, id });
      const t = w.transfer;
      return {
        version: t.version,
        status: t.status,
        from: t.from,
        to: t.to,
        requestedBy: t.lossRequestedBy ?? t.requestedBy,
        value: w.value,
        lines: w.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, reason: l.reason })),
        steps: w.approvals,
      };
    }
    case 'purchase_order': {
      const po = await getPurchaseOrder({ ctx, id });
      return {
        version: po.version,
        status: po.status,
        to: po.location,
        supplier: po.supplier.name,
        requestedBy: po.requestedBy,
        value: po.totals.value,
        lines: po.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitCost: l.unitCost })),
        steps: po.approvals,
      };
    }
    case 'stocktake_variance': {
      const s = await getStocktake({ ctx, id });
      const round = Math.max(0, ...s.approvals.map((a) => a.round));
      return {
        version: s.version,
        status: s.status,
        to: s.location,
        requestedBy: s.requestedBy,
        value: s.totals.varianceValue ?? 0,
        absoluteValue: s.totals.absoluteVarianceValue ?? 0,
        lines: s.lines
          .filter((l) => l.variance !== null && l.variance !== 0)
          .map((l) => ({
            sku: l.sku,
            quantity: l.variance!,
            counted: l.counted!,
            book: l.book!,
            varianceValue: l.varianceValue,
          })),
        steps: s.approvals.filter((a) => a.round === round),
      };
    }
    case 'credit_override': {
      const o = await getSalesOrder({ ctx, id });
      const exposure = await customerExposure({ ctx, code: o.customer });
      return {
        version: o.version,
        status: o.status,
        to: o.location,
        customer: o.customer,
        creditLeft:
          exposure.remaining === null
            ? null
            : exposure.remaining +
              (o.status === 'pending_approval' || o.status === 'approved' ? o.value : 0),
        requestedBy: o.requestedBy,
        value: o.value,
        lines: o.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitPrice: l.unitPrice })),
        steps: o.approvals,
      };
    }
  }
}

/** An item's stock at every internal location, as the stock page shows it. */
export interface PageStock {
  sku: string;
  name: string;
  rows: Array<{ location: string; onHand: number; reserved: number; available: number }>;
  names: Names;
  timeZone: string;
  readAt: number;
}

export async function pageStock(database: Database, sku: string, now: number): Promise<PageStock> {
  const ctx = systemReader(database, `page-stock-${sku}`);
  const rows: PageStock['rows'] = [];
  let name = sku;
  let cursor: string | undefined;
  do {
    const page = await listStock({
      ctx,
      input: ListStockInput.parse({
        sku,
        limit: '10000',
        withItem: 'true',
        ...(cursor ? { cursor } : {}),
      }),
    });
    for (const r of page.items) {
      name = r.name ?? name;
      rows.push({
        location: r.location,
        onHand: r.onHand,
        reserved: r.reserved,
        available: r.available,
      });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  rows.sort((a, b) => b.available - a.available || a.location.localeCompare(b.location));
  const keys = emptyKeys();
  keys.skus.add(sku);
  for (const r of rows) keys.locations.add(r.location);
  const [names, settings] = await Promise.all([
    lookupNames(database.client, keys),
    readSettings(database.client),
  ]);
  return { sku, name, rows, names, timeZone: settings.timeZone, readAt: now };
}
