/**
 * Who is acting, and where they may act. Roles are ordered by what they may do:
 * a viewer reads; a clerk posts stock at their locations; a manager also maintains
 * items; an admin may do everything, everywhere.
 */
export const ROLES = ['admin', 'manager', 'clerk', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** Clients that call the API and say so in `X-Client`. */
export const CLIENTS = ['api', 'excel', 'bot'] as const;
/**
 * Where a change came from, as the audit log records it: a client, the admin CLI, the
 * service itself, or `page`: the approval page a chat robot's link opens.
 */
export type Client = (typeof CLIENTS)[number] | 'cli' | 'system' | 'page';

export interface Actor {
  id: number;
  name: string;
  role: Role;
  /** Internal location ids this actor may write at; `null` means every location. */
  locationIds: readonly number[] | null;
}

/** May this actor change stock at every one of these internal locations? */
export function canWriteAt(actor: Actor, locationIds: readonly number[]): boolean {
  if (actor.role === 'viewer') return false;
  if (actor.role === 'admin' || actor.locationIds === null) return true;
  const allowed = actor.locationIds;
  return locationIds.every((id) => allowed.includes(id));
}

/** May this actor maintain master data (items, barcodes)? */
export function canMaintainItems(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'manager';
}

/**
 * May this actor change the item master (create items, rename them, barcodes, lot
 * tracking, merges)? Items are shared by every location, so an admin or a manager
 * without a location scope: a manager of one store would change it for all of them.
 * Returns why not, or null.
 */
export function itemMasterRefusal(
  actor: Actor,
): 'role_cannot_maintain_items' | 'scoped_manager_cannot_edit_items' | null {
  if (actor.role === 'admin') return null;
  if (actor.role !== 'manager') return 'role_cannot_maintain_items';
  return actor.locationIds === null ? null : 'scoped_manager_cannot_edit_items';
}

/**
 * May this actor post what the book cannot check against anything it holds: a return
 * that names no sale (`originalMovement`), a lot received after its expiry
 * (`acceptExpired`)? Admins and managers, like opening stock; clerks post returns
 * against the sale they come from.
 */
export function canCorrectStock(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'manager';
}

export function isAdmin(actor: Actor): boolean {
  return actor.role === 'admin';
}
