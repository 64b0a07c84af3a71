import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { canMaintainItems } from '../../domain/actor.js';
import { suppliers } from '../../db/schema.js';
import { audit } from '../audit.js';
import { reader, withTransaction, type ServiceContext } from '../context.js';
import { alreadyExists, forbidden, notFound } from '../errors.js';
import { Text } from '../schemas.js';

export const CreateSupplierInput = z
  .strictObject({
    name: Text(200),
    contact: Text(500).nullish(),
    leadTimeDays: z.number().int().min(0).max(365).default(0),
    packSize: z.number().int().positive().max(1_000_000).default(1),
  })
  .meta({ id: 'CreateSupplierInput' });
export type CreateSupplierInput = z.infer<typeof CreateSupplierInput>;

export const SupplierDto = z
  .object({
    id: z.number().int(),
    name: z.string(),
    contact: z.string().nullable(),
    leadTimeDays: z.number().int(),
    packSize: z.number().int(),
  })
  .meta({ id: 'Supplier' });
export type SupplierDto = z.infer<typeof SupplierDto>;

const toDto = (r: typeof suppliers.$inferSelect): SupplierDto => ({
  id: r.id,
  name: r.name,
  contact: r.contact,
  leadTimeDays: r.leadTimeDays,
  packSize: r.packSize,
});

/** Creates a supplier (admins and managers). */
export async function createSupplier({ ctx, input }: { ctx: ServiceContext; input: CreateSupplierInput }): Promise<SupplierDto> {
  if (!canMaintainItems(ctx.actor)) throw forbidden('role_cannot_maintain_items');
  return withTransaction(ctx, async (tx) => {
    const [existing] = await tx.select({ id: suppliers.id }).from(suppliers).where(eq(suppliers.name, input.name));
    if (existing) throw alreadyExists('supplier', input.name);
    const [row] = await tx
      .insert(suppliers)
      .values({ ...input, contact: input.contact ?? null, createdAt: ctx.now() })
      .returning();
    const dto = toDto(row!);
    await audit(tx, ctx, { action: 'supplier.create', entity: 'supplier', entityId: dto.id, after: dto });
    return dto;
  });
}

export async function listSuppliers({ ctx }: { ctx: ServiceContext }): Promise<SupplierDto[]> {
  return (await reader(ctx).select().from(suppliers).orderBy(asc(suppliers.name))).map(toDto);
}

export async function getSupplier({ ctx, id }: { ctx: ServiceContext; id: number }): Promise<SupplierDto> {
  const [row] = await reader(ctx).select().from(suppliers).where(eq(suppliers.id, id));
  if (!row) throw notFound('supplier', id);
  return toDto(row);
}
