/** Locations the system creates itself; their codes start with `@`. */
export const VIRTUAL_LOCATIONS = [
  { code: '@supplier', name: 'Suppliers', kind: 'supplier' },
  { code: '@customer', name: 'Customers', kind: 'customer' },
  { code: '@adjustment', name: 'Inventory adjustments', kind: 'adjustment' },
  { code: '@transit', name: 'In transit', kind: 'transit' },
  { code: '@scrap', name: 'Scrapped', kind: 'scrap' },
] as const;

export type VirtualLocationCode = (typeof VIRTUAL_LOCATIONS)[number]['code'];
export type VirtualLocationKind = (typeof VIRTUAL_LOCATIONS)[number]['kind'];

/** Kinds a user may create: places where stock physically sits. */
export const INTERNAL_LOCATION_KINDS = ['warehouse', 'store'] as const;
export type InternalLocationKind = (typeof INTERNAL_LOCATION_KINDS)[number];
/**
 * Where returned stock waits for inspection, one per store or warehouse (made on the
 * first return that asks for inspection): internal (on hand, never negative) but
 * not where anything is sold from.
 */
export type LocationKind = InternalLocationKind | VirtualLocationKind | 'quarantine';

/** The code of a location's quarantine location. */
export function quarantineCode(code: string): string {
  return `${code}.quarantine`;
}

/** Virtual locations may hold negative balances; internal ones never do. */
export function isVirtualCode(code: string): boolean {
  return code.startsWith('@');
}

/** Where stock waits between two of the shop's own locations (shipped, not yet received). */
export const TRANSIT_CODE = '@transit';

/**
 * Stock the shop owns: what sits in its stores and warehouses (quarantine included)
 * and what is on the way between them. Owned stock is what is valued at cost and
 * what the moving average weighs; the other virtual locations are the world outside.
 */
export function isOwned(location: { code: string; isVirtual: boolean }): boolean {
  return !location.isVirtual || location.code === TRANSIT_CODE;
}
