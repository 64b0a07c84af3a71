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
    /** Deliveries may bring this much more than ordered, in percent of each line (0: not a unit more). */
    overReceiptPercent: z.number().int().min(0).max(100).default(0),
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
    overReceiptPercent: z.number().int(),
  })
  .meta({ id: 'Supplier' });
export type SupplierDto = z.infer<typeof SupplierDto>;

const toDto = (r: typeof suppliers.$inferSelect): SupplierDto => ({
  id: r.id,
  name: r.name,
  contact: r.contact,
  leadTimeDays: r.leadTimeDays,
  packSize: r.packSize,
  overReceiptPercent: r.overReceiptPercent,
});

/** Creates a supplier (admins and managers). */
export async function createSupplier({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateSupplierInput;
}): Promise<SupplierDto> {
  if (!canMaintainItems(ctx.actor)) throw forbidden('role_cannot_maintain_items');
  return withTransaction(ctx, async (tx) => {
    const [existing] = await tx
      .select({ id: suppliers.id })
      .from(suppliers)
      .where(eq(suppliers.name, input.name));
    if (existing) throw alreadyExists('supplier', input.name);
    const [row] = await tx
      .insert(suppliers)
      .values({ ...input, contact: input.contact ?? null, createdAt: ctx.now() })
      .returning();
    const dto = toDto(row!);
    await audit(tx, ctx, {
      action: 'supplier.create',
      entity: 'supplier',
      entityId: dto.id,
      after: dto,
    });
    return dto;
  });
}

export const UpdateSupplierInput = z
  .strictObject({
    contact: Text(500).nullish(),
    leadTimeDays: z.number().int().min(0).max(365).optional(),
    packSize: z.number().int().positive().max(1_000_000).optional(),
    overReceiptPercent: z.number().int().min(0).max(100).optional(),
  })
  .meta({ id: 'UpdateSupplierInput' });
export type UpdateSupplierInput = z.infer<typeof UpdateSupplierInput>;

/**
 * Changes a supplier's terms (admins and managers); fields left out stay. A new
 * over-receipt tolerance applies to every later receipt, of open orders too.
 */
export async function updateSupplier({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  input: UpdateSupplierInput;
}): Promise<SupplierDto> {
  if (!canMaintainItems(ctx.actor)) throw forbidden('role_cannot_maintain_items');
  return withTransaction(ctx, async (tx) => {
    const [before] = await tx.select().from(suppliers).where(eq(suppliers.id, id));
    if (!before) throw notFound('supplier', id);
    const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    if (Object.keys(changes).length === 0) return toDto(before);
    const [row] = await tx.update(suppliers).set(changes).where(eq(suppliers.id, id)).returning();
    const dto = toDto(row!);
    await audit(tx, ctx, {
      action: 'supplier.update',
      entity: 'supplier',
      entityId: id,
      before: toDto(before),
      after: dto,
    });
    return dto;
  });
}

export async function listSuppliers({ ctx }: { ctx: ServiceContext }): Promise<SupplierDto[]> {
  return (await reader(ctx).select().from(suppliers).orderBy(asc(suppliers.name))).map(toDto);
}

export async function getSupplier({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<SupplierDto> {
  const [row] = await reader(ctx).select().from(suppliers).where(eq(suppliers.id, id));
  if (!row) throw notFound('supplier', id);
  return toDto(row);
}
