import {
  loadSalesOrder,
  subjectOf,
  toSalesOrderDto,
  type SalesOrderDto,
} from './sales-order-record.js';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Issue } from '../../domain/codes.js';
import { MAX_QUANTITY } from '../../domain/codes.js';
import { creditCheck } from '../../domain/credit.js';
import {
  documentTotalE4,
  documentTotalIssues,
  fromE4,
  MAX_UNIT_COST,
  toE4,
} from '../../domain/money.js';
import { customers, salesOrderLines, salesOrders } from '../../db/schema.js';
import { openApprovals } from '../approvals/engine.js';
import { audit } from '../audit.js';
import { transition } from '../lifecycle/lifecycle.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { notFound, validationFailed } from '../errors.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import { everyLine } from '../problems.js';
import { RefResolver } from '../refs.js';
import { insertHold } from '../reservations/hold-records.js';
import { publish } from '../outbox.js';
import { LocationCode, Money, Reference, Sku, Quantity } from '../schemas.js';
import { requireWriteAt } from '../scope.js';
import { CustomerCode, exposureFigures } from './customer-record.js';

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
    await transition(tx, 'sales_order', loaded, 'submit', status, now);
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
    return toSalesOrderDto(await loadSalesOrder(tx, id));
  });
}
