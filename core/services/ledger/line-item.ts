import type { Issue } from '../../domain/codes.js';
import { textField } from '../validation.js';
import type { ItemRef, RefResolver } from '../refs.js';

/** A request line that names its item by sku or by a scanned barcode (exactly one of them). */
export interface SkuOrBarcode {
  sku?: string | null | undefined;
  barcode?: string | null | undefined;
}

/** The codes to load into a `RefResolver` for `lineItem` to resolve these lines. */
export function codesOfLines(lines: readonly SkuOrBarcode[]): {
  skus: string[];
  barcodes: string[];
} {
  return {
    skus: lines.flatMap((l) => (l.sku ? [l.sku] : [])),
    barcodes: lines.flatMap((l) => (l.barcode ? [l.barcode] : [])),
  };
}

/**
 * The item a line names and how many base units one of its units is (a case barcode
 * of 12: 12; a sku: 1), or the problem with it, under `path` (`lines.3`): neither or
 * both given, an unknown sku, an unknown barcode.
 */
export function lineItem(
  refs: RefResolver,
  line: SkuOrBarcode,
  path: string,
): { item: ItemRef; multiplier: number } | Issue {
  if (!line.sku === !line.barcode)
    return {
      path: `${path}.${line.sku ? 'barcode' : 'sku'}`,
      ...(line.sku
        ? { code: 'fields_disagree', params: { field: 'sku' } }
        : { code: 'sku_or_barcode_required' }),
    };
  if (line.sku) {
    const item = refs.item(line.sku);
    return item
      ? { item, multiplier: 1 }
      : { path: `${path}.sku`, code: 'unknown_sku', params: { sku: line.sku } };
  }
  const barcode = refs.barcode(line.barcode!);
  return barcode
    ? { item: barcode.item, multiplier: barcode.multiplier }
    : { path: `${path}.barcode`, code: 'unknown_barcode', params: { barcode: line.barcode! } };
}

/** The sku and barcode a line names as text, whatever else is wrong with it (`codesOfLines`, `unknownItemOf`). */
export function namedItem(raw: unknown): SkuOrBarcode {
  return { sku: textField(raw, 'sku'), barcode: textField(raw, 'barcode') };
}

/**
 * What a malformed line names that does not exist, under `path`: its shape problems are
 * reported already, so only an unknown sku or barcode is added.
 */
export function unknownItemOf(refs: RefResolver, raw: unknown, path: string): Issue[] {
  const named = namedItem(raw);
  if (!named.sku && !named.barcode) return [];
  const found = lineItem(refs, named, path);
  return 'code' in found && found.code.startsWith('unknown_') ? [found] : [];
}
