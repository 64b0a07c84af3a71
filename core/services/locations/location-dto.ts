import { z } from 'zod';

export const LocationDto = z
  .object({
    code: z.string(),
    name: z.string(),
    kind: z.enum(['warehouse', 'store', 'supplier', 'customer', 'adjustment', 'transit', 'scrap', 'quarantine']),
    virtual: z.boolean(),
  })
  .meta({ id: 'Location' });
export type LocationDto = z.infer<typeof LocationDto>;

export function toLocationDto(row: { code: string; name: string; kind: LocationDto['kind']; isVirtual: boolean }): LocationDto {
  return { code: row.code, name: row.name, kind: row.kind, virtual: row.isVirtual };
}
