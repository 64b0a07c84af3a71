import type { Issue } from '../../domain/codes.js';
import type { ItemRef, RefResolver } from './refs.js';

/** A request line that names its item by sku or by a scanned barcode (exactly one of them). */
export interface SkuOrBarcode {
  sku?: string | null | undefined;
  barcode?: string | null | undefined;
}

/** The codes to load into a `RefResolver` for `lineItem` to resolve these lines. */
export function codesOfLines(lines: readonly SkuOrBarcode[]): { skus: string[]; barcodes: string[] } {
  return { skus: lines.flatMap((l) => (l.sku ? [l.sku] : [])), barcodes: lines.flatMap((l) => (l.barcode ? [l.barcode] : [])) };
}

/**
 * The item a line names and how many base units one of its units is (a case barcode
 * of 12: 12; a sku: 1), or the problem with it, under `path` (`lines.3`): neither or
 * both given, an unknown sku, an unknown barcode.
 */
export function lineItem(refs: RefResolver, line: SkuOrBarcode, path: string): { item: ItemRef; multiplier: number } | Issue {
  if (!line.sku === !line.barcode) return { path: `${path}.${line.sku ? 'barcode' : 'sku'}`, code: line.sku ? 'fields_disagree' : 'sku_or_barcode_required' };
  if (line.sku) {
    const item = refs.item(line.sku);
    return item ? { item, multiplier: 1 } : { path: `${path}.sku`, code: 'unknown_sku', params: { sku: line.sku } };
  }
  const barcode = refs.barcode(line.barcode!);
  return barcode ? { item: barcode.item, multiplier: barcode.multiplier } : { path: `${path}.barcode`, code: 'unknown_barcode', params: { barcode: line.barcode! } };
}
