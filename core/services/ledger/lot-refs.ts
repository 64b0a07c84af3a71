import { isExpired } from '../../domain/lots.js';
import type { Tx } from '../../db/types.js';
import { notFound, ServiceError, validationFailed } from '../errors.js';
import { shopZone } from '../settings/read-settings.js';
import type { ItemRef, LotRef } from '../refs.js';

export interface LotWanted {
  item: ItemRef;
  code: string;
  /** Given on receipts: a new lot is made with it; an existing lot must match it. */
  expiresOn?: string | null | undefined;
  /** Receipts may make the lot; every other movement names a lot that exists. */
  mayCreate: boolean;
  /**
   * Stock arriving from outside the shop (a receipt, a purchase order, opening stock):
   * a lot already past its expiry is refused (`lot_expired` at `expiresOn`) unless
   * `acceptExpired` (a manager receiving it to scrap it; the caller checks the role).
   */
  receiving?: { acceptExpired: boolean } | undefined;
}

/** The lot a request names, or why it cannot be used. */
export type LotLookup = (item: ItemRef, code: string) => LotRef | ServiceError;

/**
 * Finds the lots requests name (one query per 200) and, with `persist`, makes the
 * new lots receipts bring. Without `persist` (a dry run) new lots get provisional
 * negative ids and nothing is written.
 */
export async function resolveLots(
  tx: Tx,
  wanted: readonly LotWanted[],
  options: { persist: boolean; now: number },
): Promise<LotLookup> {
  const found = new Map<string, LotRef | ServiceError>();
  const unique = [...new Map(wanted.map((w) => [key(w.item.id, w.code), w])).values()];
  for (let i = 0; i < unique.length; i += 200) {
    const chunk = unique.slice(i, i + 200);
    const { rows } = await tx.raw.execute({
      sql: `SELECT id, item_id, code, expires_on FROM lots WHERE (item_id, code) IN (VALUES ${chunk.map(() => '(?, ?)').join(', ')})`,
      args: chunk.flatMap((w) => [w.item.id, w.code]),
    });
    for (const r of rows)
      found.set(key(Number(r['item_id']), String(r['code'])), {
        id: Number(r['id']),
        code: String(r['code']),
        expiresOn: String(r['expires_on']),
      });
  }
  const itemIds = [...new Set(unique.map((w) => w.item.id))];
  const tracked = new Set<number>();
  for (let i = 0; i < itemIds.length; i += 500) {
    const chunk = itemIds.slice(i, i + 500);
    const { rows } = await tx.raw.execute({
      sql: `SELECT id FROM items WHERE lot_tracked = 1 AND id IN (${chunk.map(() => '?').join(', ')})`,
      args: chunk,
    });
    for (const r of rows) tracked.add(Number(r['id']));
  }
  // A lot expires at the end of its day in the shop's zone (read only when receiving).
  const zone = wanted.some((w) => w.receiving) ? await shopZone(tx.raw) : 'UTC';
  let provisional = 0;
  for (const w of wanted) {
    const k = key(w.item.id, w.code);
    if (!tracked.has(w.item.id)) {
      found.set(
        k,
        validationFailed([
          { path: 'lot', code: 'item_not_lot_tracked', params: { sku: w.item.sku } },
        ]),
      );
      continue;
    }
    const lot = found.get(k);
    if (lot instanceof ServiceError) continue;
    const expiresOn = lot?.expiresOn ?? w.expiresOn;
    if (
      w.receiving &&
      !w.receiving.acceptExpired &&
      expiresOn &&
      (!lot || !w.expiresOn || w.expiresOn === lot.expiresOn) &&
      isExpired(expiresOn, options.now, zone)
    ) {
      found.set(k, expiredAtReceipt(w.item, w.code, expiresOn));
      continue;
    }
    if (lot) {
      if (w.expiresOn && w.expiresOn !== lot.expiresOn) {
        found.set(
          k,
          validationFailed([
            {
              path: 'expiresOn',
              code: 'lot_expiry_mismatch',
              params: {
                sku: w.item.sku,
                lot: w.code,
                expiresOn: lot.expiresOn,
                given: w.expiresOn,
              },
            },
          ]),
        );
      }
      continue;
    }
    if (!w.mayCreate) found.set(k, notFound('lot', w.code));
    else if (!w.expiresOn)
      found.set(
        k,
        validationFailed([
          { path: 'expiresOn', code: 'lot_required', params: { sku: w.item.sku } },
        ]),
      );
    else if (!options.persist)
      found.set(k, { id: --provisional, code: w.code, expiresOn: w.expiresOn });
    else {
      const { rows } = await tx.raw.execute({
        sql: `INSERT INTO lots (item_id, code, expires_on, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
        args: [w.item.id, w.code, w.expiresOn, options.now],
      });
      found.set(k, { id: Number(rows[0]!['id']), code: w.code, expiresOn: w.expiresOn });
    }
  }
  return (item, code) => found.get(key(item.id, code)) ?? notFound('lot', code);
}

/** A lot past its expiry on its way in: refused at the row's `expiresOn`. */
function expiredAtReceipt(item: ItemRef, lot: string, expiresOn: string): ServiceError {
  return validationFailed([
    {
      path: 'expiresOn',
      code: 'lot_expired',
      params: { sku: item.sku, lot, expiresOn, reason: 'at_receipt' },
    },
  ]);
}

function key(itemId: number, code: string): string {
  return `${itemId}|${code}`;
}
