import { z } from 'zod';

export const LocationDto = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.enum([
      'warehouse',
      'store',
      'supplier',
      'customer',
      'adjustment',
      'transit',
      'scrap',
      'quarantine',
    ]),
    virtual: z.boolean(),
    replenishFrom: z
      .string()
      .nullable()
      .describe(
        'Where replenishment suggestions source it from: a store or warehouse, `@supplier` (always buy), or null: the default (a store from the warehouses)',
      ),
  })
  .meta({ id: 'Location' });
export type LocationDto = z.infer<typeof LocationDto>;

export function toLocationDto(
  row: {
    code: string;
    name: string;
    kind: LocationDto['kind'];
    isVirtual: boolean;
    replenishFromId: number | null;
  },
  codeOf: (id: number) => string | undefined = () => undefined,
): LocationDto {
  return {
    code: row.code,
    name: row.name,
    kind: row.kind,
    virtual: row.isVirtual,
    replenishFrom: row.replenishFromId === null ? null : (codeOf(row.replenishFromId) ?? null),
  };
}
