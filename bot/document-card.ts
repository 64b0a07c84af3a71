/**
 * What an approval card shows about its document, read fresh from the ledger: lines
 * with the stock available at both ends, value, requester, and the decision once
 * taken. One place for the card sent to approvers, its updates, and the card that
 * answers a click, so all copies look the same.
 */
import type { Database } from '../core/db/client.js';
import type { ServiceContext } from '../core/services/context.js';
import { loadPurchaseOrder, toPurchaseOrderDto } from '../core/services/purchase-orders/po-record.js';
import { getStock } from '../core/services/stock/get-stock.js';
import { loadTransfer, toTransferDto } from '../core/services/transfers/transfer-record.js';
import type { ApprovalCardInput } from './src/cards.js';

export async function documentCard(database: Database, type: string, id: number): Promise<ApprovalCardInput> {
  // getStock only reads (no actor scope applies to what an approver is shown).
  const ctx = { database, now: Date.now, actor: null, requestId: 'teams-card', client: 'system' } as unknown as ServiceContext;
  const doc = type === 'transfer' ? toTransferDto(await loadTransfer(database.db, id)) : toPurchaseOrderDto(await loadPurchaseOrder(database.db, id));
  const last = doc.approvals.filter((s) => s.status === 'approved' || s.status === 'rejected').at(-1);
  const decided = last && doc.status !== 'pending_approval' ? { decision: last.status as 'approved' | 'rejected', by: last.decidedBy ?? '', at: (last.decidedAt ?? '').replace('T', ' ').slice(0, 16) } : undefined;
  if ('from' in doc) {
    const lines = await Promise.all(
      doc.lines.map(async (l) => ({
        sku: l.sku,
        quantity: l.quantity,
        availableFrom: (await getStock({ ctx, location: doc.from, sku: l.sku })).available,
        availableTo: (await getStock({ ctx, location: doc.to, sku: l.sku })).available,
      })),
    );
    return { documentType: 'transfer', documentId: id, version: doc.version, from: doc.from, to: doc.to, requestedBy: doc.requestedBy, value: doc.totals.value, lines, ...(decided ? { decided } : {}) };
  }
  return {
    documentType: 'purchase_order',
    documentId: id,
    version: doc.version,
    to: doc.location,
    supplier: doc.supplier.name,
    requestedBy: doc.requestedBy,
    value: doc.totals.value,
    lines: doc.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    ...(decided ? { decided } : {}),
  };
}

