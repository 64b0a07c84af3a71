import { eq, inArray } from 'drizzle-orm';
import { barcodes, items, locations } from '../../db/schema.js';
import type { Queryable } from '../../db/types.js';
import type { VirtualLocationCode } from '../../domain/locations.js';

export interface LocationRef {
  id: number;
  code: string;
  isVirtual: boolean;
}

export interface ItemRef {
  id: number;
  sku: string;
}

export interface BarcodeRef {
  item: ItemRef;
  multiplier: number;
}

/** SQLite allows many more, but smaller IN lists keep each statement cheap to plan. */
const CHUNK = 500;

/**
 * Resolves the codes a request names (skus, barcodes, location codes) with one query
 * per kind, so that a 10,000-row batch costs a handful of lookups, not 30,000.
 * Unknown codes simply stay unresolved; the caller reports them per row.
 */
export class RefResolver {
  readonly #q: Queryable;
  readonly #items = new Map<string, ItemRef>();
  readonly #barcodes = new Map<string, BarcodeRef>();
  readonly #locations = new Map<string, LocationRef>();

  constructor(q: Queryable) {
    this.#q = q;
  }

  async load(codes: { skus?: Iterable<string>; barcodes?: Iterable<string>; locations?: Iterable<string> }): Promise<this> {
    for (const chunk of chunks(unseen(codes.skus, this.#items))) {
      const rows = await this.#q.select({ id: items.id, sku: items.sku }).from(items).where(inArray(items.sku, chunk));
      for (const row of rows) this.#items.set(row.sku, row);
    }
    for (const chunk of chunks(unseen(codes.barcodes, this.#barcodes))) {
      const rows = await this.#q
        .select({ code: barcodes.code, multiplier: barcodes.multiplier, id: items.id, sku: items.sku })
        .from(barcodes)
        .innerJoin(items, eq(items.id, barcodes.itemId))
        .where(inArray(barcodes.code, chunk));
      for (const row of rows) {
        this.#barcodes.set(row.code, { item: { id: row.id, sku: row.sku }, multiplier: row.multiplier });
      }
    }
    for (const chunk of chunks(unseen(codes.locations, this.#locations))) {
      const rows = await this.#q
        .select({ id: locations.id, code: locations.code, isVirtual: locations.isVirtual })
        .from(locations)
        .where(inArray(locations.code, chunk));
      for (const row of rows) this.#locations.set(row.code, row);
    }
    return this;
  }

  item(sku: string): ItemRef | undefined {
    return this.#items.get(sku);
  }

  barcode(code: string): BarcodeRef | undefined {
    return this.#barcodes.get(code);
  }

  location(code: string): LocationRef | undefined {
    return this.#locations.get(code);
  }
}

function unseen(codes: Iterable<string> | undefined, known: Map<string, unknown>): string[] {
  if (!codes) return [];
  return [...new Set(codes)].filter((code) => !known.has(code));
}

function chunks<T>(values: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < values.length; i += CHUNK) out.push(values.slice(i, i + CHUNK));
  return out;
}

/** One of the locations the system creates (`@customer`, …); they always exist. */
export async function virtualLocation(q: Queryable, code: VirtualLocationCode): Promise<LocationRef> {
  const refs = await new RefResolver(q).load({ locations: [code] });
  const location = refs.location(code);
  if (!location) throw new Error(`virtual location ${code} is missing: migrations not applied?`);
  return location;
}
