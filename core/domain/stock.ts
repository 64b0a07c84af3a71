import type { MovementType } from './movement.js';

/**
 * The one rule for "available": what can be sold or held from a balance. On hand, less
 * holds, less expired lots; nothing at all in a quarantine (returned stock waiting for
 * inspection is on hand but never for sale).
 */
export function availableOf(figures: {
  onHand: number;
  reserved: number;
  expired?: number;
  quarantined?: boolean;
}): number {
  if (figures.quarantined) return 0;
  return Math.max(0, figures.onHand - figures.reserved - (figures.expired ?? 0));
}

/**
 * What may take stock out of a quarantine: the inspection of a return (accepted back to
 * the shelf, or scrapped), an adjustment, and undoing or merging what is there. Holds,
 * issues, moves and transfers never may, whatever the role.
 */
export function mayLeaveQuarantine(
  type: MovementType,
  document?: { type: string } | undefined,
): boolean {
  switch (type) {
    case 'adjustment':
    case 'reversal':
    case 'merge_out':
      return true;
    case 'return_accept':
    case 'scrap':
      return document?.type === 'return';
    default:
      return false;
  }
}
