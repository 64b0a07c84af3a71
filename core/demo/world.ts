import type { Actor } from '../domain/actor.js';
import type { Database } from '../db/client.js';
import type { Tx } from '../db/types.js';
import { authenticate } from '../services/auth/authenticate.js';
import type { ServiceContext } from '../services/context.js';
import {
  createPurchaseOrder,
  CreatePurchaseOrderInput,
} from '../services/purchase-orders/create-purchase-order.js';
import { decidePurchaseOrder } from '../services/purchase-orders/purchase-order-lifecycle.js';
import {
  receivePurchaseOrder,
  ReceivePurchaseOrderInput,
} from '../services/purchase-orders/receive-purchase-order.js';
import type { PurchaseOrderDto } from '../services/purchase-orders/po-record.js';
import { createTransfer, CreateTransferInput } from '../services/transfers/create-transfer.js';
import { decideTransfer } from '../services/transfers/decide-transfer.js';
import { ReceiveLinesInput, receiveTransfer } from '../services/transfers/receive-transfer.js';
import { shipTransfer, ShipTransferInput } from '../services/transfers/ship-transfer.js';
import type { TransferDto } from '../services/transfers/transfer-record.js';
import { listStock, ListStockInput } from '../services/stock/list-stock.js';
import { CLERK_AT, DEMO_ITEMS, DEMO_PEOPLE, DEMO_SUPPLIERS } from './catalogue.js';

export const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The shop keeps China's clock (UTC+8, no summer time). */
const CHINA_OFFSET_MS = 8 * HOUR_MS;

export type Lines = Array<{ sku: string; quantity: number }>;

/**
 * The demo's clock and its people: every service call is made as one of the shop's
 * staff, at a time on the shop's calendar (`day` 0 is the day the demo is built,
 * negative days are history), so the audit log, approvals and per-day figures look
 * like a shop's and not like a script's.
 */
export class DemoWorld {
  private readonly actors = new Map<string, Actor>();
  /** When set, every service call joins this transaction (the history is one commit, not thousands). */
  tx: Tx | undefined;
  /** Midnight in China of the day the demo is built, as UTC milliseconds. */
  readonly dayZero: number;
  private requests = 0;

  constructor(
    readonly database: Database,
    /** When the demo is built; open documents are dated just before it. */
    readonly now: number,
  ) {
    this.dayZero = Math.floor((now + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS;
  }

  /** Signs in everyone created so far (with their tokens, as a client would). */
  async signIn(): Promise<void> {
    for (const person of DEMO_PEOPLE) {
      const actor = await authenticate(this.database, person.token);
      if (actor) this.actors.set(person.name, actor);
    }
  }

  /** `hour` on `day`, shop time (hour may have a fraction: 9.5 is half past nine). */
  at(day: number, hour: number): number {
    return this.dayZero + day * DAY_MS + Math.round(hour * HOUR_MS);
  }

  /** A service context for `who` at a fixed moment. */
  as(who: string, when: number): ServiceContext {
    const actor = this.actors.get(who);
    if (!actor) throw new Error(`no demo user ${who}`);
    const ctx: ServiceContext = {
      database: this.database,
      actor,
      requestId: `demo-${++this.requests}`,
      client: 'api',
      now: () => when,
    };
    return this.tx ? { ...ctx, tx: this.tx } : ctx;
  }

  /** Available per sku at a location, as the ledger has it at that moment. */
  async available(location: string, when: number): Promise<Map<string, number>> {
    const page = await listStock({
      ctx: this.as('admin', when),
      input: ListStockInput.parse({ location, limit: 1000 }),
    });
    return new Map(page.items.map((row) => [row.sku, row.available]));
  }

  /**
   * A store asks the warehouse for stock, as the shop does it: the store's clerk asks,
   * the store manager approves when the policy wants it, the warehouse clerk ships.
   * Returns the shipped transfer; `receive` books its arrival.
   */
  async requestTransfer(
    from: string,
    to: string,
    lines: Lines,
    when: number,
    note: string,
  ): Promise<TransferDto> {
    let transfer = await createTransfer({
      ctx: this.as(CLERK_AT[to]!, when),
      input: CreateTransferInput.parse({ from, to, lines, note }),
    });
    transfer = await this.approveTransfer(transfer, when + HOUR_MS / 2);
    return shipTransfer({
      ctx: this.as(CLERK_AT[from]!, when + HOUR_MS),
      id: transfer.id,
      input: ShipTransferInput.parse({ version: transfer.version }),
    });
  }

  async approveTransfer(transfer: TransferDto, when: number): Promise<TransferDto> {
    while (transfer.status === 'pending_approval') {
      transfer = await decideTransfer({
        ctx: this.as('王芳', when),
        id: transfer.id,
        approve: true,
        input: { version: transfer.version, comment: '同意' },
      });
    }
    return transfer;
  }

  async receiveTransfer(transfer: TransferDto, when: number): Promise<TransferDto> {
    const lines = transfer.lines.map((l) => ({ sku: l.sku, quantity: l.shipped - l.received }));
    return receiveTransfer({
      ctx: this.as(CLERK_AT[transfer.to]!, when),
      id: transfer.id,
      input: ReceiveLinesInput.parse({ lines }),
    });
  }

  /** The warehouse clerk orders from a supplier at the catalogue's costs; approvals as the policy wants. */
  async orderStock(
    supplier: number,
    lines: Lines,
    when: number,
    approve = true,
  ): Promise<PurchaseOrderDto> {
    const costOf = new Map(DEMO_ITEMS.map((i) => [i.sku, i.cost]));
    let order = await createPurchaseOrder({
      ctx: this.as('赵磊', when),
      input: CreatePurchaseOrderInput.parse({
        supplier: DEMO_SUPPLIERS[supplier]!.name,
        location: 'W1',
        lines: lines.map((l) => ({ ...l, unitCost: costOf.get(l.sku)! })),
      }),
    });
    while (approve && order.status === 'pending_approval') {
      const step = order.approvals.find((s) => s.status === 'pending')!;
      order = await this.approvePurchaseOrderStep(
        order,
        step.role === 'admin' ? 'admin' : '张伟',
        when + HOUR_MS,
      );
    }
    return order;
  }

  approvePurchaseOrderStep(
    order: PurchaseOrderDto,
    who: string,
    when: number,
  ): Promise<PurchaseOrderDto> {
    return decidePurchaseOrder({
      ctx: this.as(who, when),
      id: order.id,
      approve: true,
      input: { version: order.version, comment: '同意采购' },
    });
  }

  /** The whole order arrives; tea comes in lots that expire `shelfLifeDays` after they were made. */
  async receiveOrder(
    order: PurchaseOrderDto,
    when: number,
    lotOf: (sku: string) => { lot: string; expiresOn: string } | undefined,
  ): Promise<PurchaseOrderDto> {
    const lines = order.lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity - l.received,
      ...lotOf(l.sku),
    }));
    return receivePurchaseOrder({
      ctx: this.as('赵磊', when),
      id: order.id,
      input: ReceivePurchaseOrderInput.parse({ lines, version: order.version }),
    });
  }
}

/** `YYYY-MM-DD` of a UTC millisecond time, in China. */
export function chinaDay(time: number): string {
  return new Date(time + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}
