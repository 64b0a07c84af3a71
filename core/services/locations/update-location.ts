import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { isAdmin } from '../../domain/actor.js';
import type { Issue } from '../../domain/codes.js';
import { replenishmentCycle } from '../../domain/replenishment.js';
import { locations } from '../../db/schema.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, notFound, validationFailed } from '../errors.js';
import { LocationCode } from '../schemas.js';
import { loadSupplyConfig } from '../suggestions/supply.js';
import { toLocationDto, type LocationDto } from './location-dto.js';

export const UpdateLocationInput = z
  .strictObject({
    /**
     * Where replenishment suggestions source this store or warehouse from: another
     * store or warehouse (a transfer when it can spare the need), `@supplier` (always
     * buy), or null for the default (a store from the warehouses, a warehouse buys).
     */
    replenishFrom: LocationCode.nullable(),
  })
  .meta({ id: 'UpdateLocationInput' });
export type UpdateLocationInput = z.infer<typeof UpdateLocationInput>;

/** Changes how a store or warehouse is replenished (admins: locations shape everyone's work). */
export async function updateLocation({
  ctx,
  code,
  input,
}: {
  ctx: ServiceContext;
  code: string;
  input: UpdateLocationInput;
}): Promise<LocationDto> {
  if (!isAdmin(ctx.actor)) throw forbidden('admin_only');
  return withTransaction(ctx, async (tx) => {
    const [row] = await tx.select().from(locations).where(eq(locations.code, code));
    if (!row) throw notFound('location', code);
    const issues: Issue[] = [];
    if (row.kind !== 'store' && row.kind !== 'warehouse')
      issues.push({ path: 'code', code: 'location_must_be_internal', params: { location: code } });
    let fromId: number | null = null;
    if (input.replenishFrom !== null) {
      const [from] = await tx
        .select()
        .from(locations)
        .where(eq(locations.code, input.replenishFrom));
      if (!from)
        issues.push({
          path: 'replenishFrom',
          code: 'unknown_location',
          params: { location: input.replenishFrom },
        });
      else if (from.code !== '@supplier' && from.kind !== 'store' && from.kind !== 'warehouse') {
        issues.push({
          path: 'replenishFrom',
          code: 'location_must_be_internal',
          params: { location: from.code },
        });
      } else {
        const cycle = replenishmentCycle(code, from.code, await loadSupplyConfig(tx.raw));
        if (cycle)
          issues.push({
            path: 'replenishFrom',
            code: 'replenishment_cycle',
            params: { location: code, chain: cycle.join(' → ') },
          });
        fromId = from.id;
      }
    }
    if (issues.length > 0) throw validationFailed(issues);
    const [updated] = await tx
      .update(locations)
      .set({ replenishFromId: fromId })
      .where(eq(locations.id, row.id))
      .returning();
    const dto = toLocationDto(updated!, () => input.replenishFrom ?? undefined);
    const before =
      row.replenishFromId === null
        ? null
        : (
            await tx
              .select({ code: locations.code })
              .from(locations)
              .where(eq(locations.id, row.replenishFromId))
          )[0]?.code;
    await audit(tx, ctx, {
      action: 'location.update',
      entity: 'location',
      entityId: code,
      before: { replenishFrom: before ?? null },
      after: { replenishFrom: dto.replenishFrom },
    });
    return dto;
  });
}
