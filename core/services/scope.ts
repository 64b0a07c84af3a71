import { type Actor, canWriteAt } from '../domain/actor.js';
import { forbidden } from './errors.js';

/**
 * The one location-scope check of a verb that changes something at locations:
 * refused (`403 forbidden`, reason `location_out_of_scope`) unless the actor may
 * change stock at every one of them (viewers never may; admins and unscoped users
 * everywhere; see `canWriteAt`).
 */
export function requireWriteAt(actor: Actor, locationIds: readonly number[]): void {
  if (!canWriteAt(actor, locationIds)) throw forbidden('location_out_of_scope');
}
