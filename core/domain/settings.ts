/**
 * The shop's settings as the rules see them: its time zone (core/domain/time.ts), the
 * currency money is shown in, and whether sku lookups ignore case.
 */

export interface ShopSettings {
  /** IANA time zone, e.g. `Asia/Shanghai`: defines every day. */
  timeZone: string;
  /** ISO 4217 code, e.g. `CNY`. */
  currency: string;
  skuCaseInsensitive: boolean;
}

export const DEFAULT_CURRENCY = 'CNY';

let currencies: Set<string> | undefined;

/** An ISO 4217 currency code, upper-cased (`cny` → `CNY`), or null when it is none the runtime knows. */
export function canonicalCurrency(code: string): string | null {
  if (typeof code !== 'string') return null;
  const upper = code.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(upper)) return null;
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(upper) ? upper : null;
}
