import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Exposure } from '../../domain/credit.js';
import { fromE4, sumE4 } from '../../domain/money.js';
import { customers, salesOrders } from '../../db/schema.js';
import type { Queryable } from '../../db/types.js';
import { notFound } from '../errors.js';

export const CustomerCode = z.string().min(1).max(64).regex(/^\S+$/, 'no spaces');

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

export async function exposureOf(q: Queryable, code: string, now: number): Promise<ExposureDto> {
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

export async function exposureFigures(
  q: Queryable,
  customerId: number,
  now: number,
): Promise<Exposure> {
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
