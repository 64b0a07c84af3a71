import { itemMasterRefusal, type Actor } from '../../domain/actor.js';
import { forbidden } from '../errors.js';

/**
 * Refuses a change to the item master by anyone but an admin or an unscoped manager
 * (`forbidden` with reason `scoped_manager_cannot_edit_items` for a store's manager).
 */
export function assertMayEditItems(actor: Actor): void {
  const refusal = itemMasterRefusal(actor);
  if (refusal) throw forbidden(refusal);
}
