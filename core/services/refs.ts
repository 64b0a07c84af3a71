import type { Executor } from '../db/types.js';
import type { VirtualLocationCode } from '../domain/locations.js';
import { notFound, validationFailed } from './errors.js';

export interface LocationRef {
  id: number;
  code: string;
  isVirtual: boolean;
}

export interface ItemRef {
  id: number;
  sku: string;
}

export interface LotRef {
  id: number;
  code: string;
  /** `YYYY-MM-DD` */
  expiresOn: string;
}

export interface BarcodeRef {
  item: ItemRef;
  multiplier: number;
}

/** Codes per statement; SQLite allows many more, but smaller IN lists plan faster. */
const CHUNK = 500;

/**
 * Resolves the codes a request names (skus, barcodes, location codes) with one query
 * per 500 codes, so that a 10,000-row batch costs a handful of lookups, not 30,000.
 * Unknown codes simply stay unresolved; the caller reports them per row.
 */
export class RefResolver {
  readonly #q: Executor;
  readonly #items = new Map<string, ItemRef>();
  readonly #barcodes = new Map<string, BarcodeRef>();
  readonly #locations = new Map<string, LocationRef>();

  readonly #followMerges: boolean;

  /**
   * `followMerges` (default): a merged item's sku resolves to the item it was merged
   * into, so old sheets and scanners keep working. History reads pass false to get
   * the merged item itself.
   */
  constructor(q: Executor, options: { followMerges?: boolean } = {}) {
    this.#q = q;
    this.#followMerges = options.followMerges ?? true;
  }

  async load(codes: {
    skus?: Iterable<string>;
    barcodes?: Iterable<string>;
    locations?: Iterable<string>;
  }): Promise<this> {
    const skus = unseen(codes.skus, this.#items);
    const codesOfBarcodes = unseen(codes.barcodes, this.#barcodes);
    const codesOfLocations = unseen(codes.locations, this.#locations);
    // One statement for all three kinds, hand-written: on the single-posting path
    // building SQL with drizzle costs more than running it.
    for (
      let i = 0;
      i < Math.max(skus.length, codesOfBarcodes.length, codesOfLocations.length);
      i += CHUNK
    ) {
      const parts = [skus, codesOfBarcodes, codesOfLocations].map((list) =>
        list.slice(i, i + CHUNK),
      );
      const [s, b, l] = parts.map((list) =>
        list.length > 0 ? list.map(() => '?').join(', ') : 'NULL',
      );
      const { rows } = await this.#q.execute({
        // A merged item's sku names the item it was merged into.
        sql: `SELECT 'i' AS kind, i.sku AS code, coalesce(m.id, i.id) AS id, coalesce(m.sku, i.sku) AS sku, 0 AS n
                FROM items i LEFT JOIN items m ON m.id = i.merged_into_id AND ${this.#followMerges ? 1 : 0} WHERE i.sku IN (${s})
              UNION ALL
              SELECT 'b', b.code, i.id, i.sku, b.multiplier FROM barcodes b JOIN items i ON i.id = b.item_id
               WHERE b.code IN (${b})
              UNION ALL
              SELECT 'l', code, id, NULL, is_virtual FROM locations WHERE code IN (${l})`,
        args: parts.flat(),
      });
      for (const row of rows) {
        const code = row['code'] as string;
        const id = row['id'] as number;
        if (row['kind'] === 'i') this.#items.set(code, { id, sku: row['sku'] as string });
        else if (row['kind'] === 'b')
          this.#barcodes.set(code, {
            item: { id, sku: row['sku'] as string },
            multiplier: row['n'] as number,
          });
        else this.#locations.set(code, { id, code, isVirtual: row['n'] === 1 });
      }
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

  /**
   * A store or warehouse a request names at `path`: `not_found` when there is none,
   * `location_must_be_internal` for a virtual one.
   */
  internalLocation(code: string, path = 'location'): LocationRef {
    const location = this.#locations.get(code);
    if (!location) throw notFound('location', code);
    if (location.isVirtual)
      throw validationFailed([
        { path, code: 'location_must_be_internal', params: { location: code } },
      ]);
    return location;
  }
}

function unseen(codes: Iterable<string> | undefined, known: Map<string, unknown>): string[] {
  if (!codes) return [];
  return [...new Set(codes)].filter((code) => !known.has(code));
}

/** One of the locations the system creates (`@customer`, …); they always exist. */
export async function virtualLocation(
  q: Executor,
  code: VirtualLocationCode,
): Promise<LocationRef> {
  const refs = await new RefResolver(q).load({ locations: [code] });
  const location = refs.location(code);
  if (!location) throw new Error(`virtual location ${code} is missing: migrations not applied?`);
  return location;
}
