import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { canMaintainItems } from '../../domain/actor.js';
import { toE4 } from '../../domain/money.js';
import { customers } from '../../db/schema.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import { Money, Text } from '../schemas.js';
import { CustomerCode, exposureOf } from './customer-record.js';

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
