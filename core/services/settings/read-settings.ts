import { DEFAULT_CURRENCY, type ShopSettings } from '../../domain/settings.js';
import { defaultTimeZone } from '../../domain/time.js';
import type { Executor } from '../../db/types.js';

export interface StoredSettings extends ShopSettings {
  version: number;
  updatedAt: number | null;
}

/** What a database without its settings row (never opened by the service) means. */
function defaults(): StoredSettings {
  return {
    timeZone: defaultTimeZone(process.env['TZ']),
    currency: DEFAULT_CURRENCY,
    skuCaseInsensitive: false,
    version: 0,
    updatedAt: null,
  };
}

/**
 * The shop's settings as stored now. Read from the database every time (one tiny row):
 * a change made through another process counts from the next request on.
 */
export async function readSettings(q: Executor): Promise<StoredSettings> {
  const { rows } = await q.execute(
    'SELECT time_zone, currency, sku_case_insensitive, version, updated_at FROM shop_settings WHERE id = 1',
  );
  const r = rows[0];
  if (!r) return defaults();
  return {
    timeZone: String(r['time_zone']),
    currency: String(r['currency']),
    skuCaseInsensitive: Number(r['sku_case_insensitive']) === 1,
    version: Number(r['version']),
    updatedAt: r['updated_at'] === null ? null : Number(r['updated_at']),
  };
}

/** The shop's time zone, for the day computations of one request or transaction. */
export async function shopZone(q: Executor): Promise<string> {
  const { rows } = await q.execute('SELECT time_zone FROM shop_settings WHERE id = 1');
  const zone = rows[0]?.['time_zone'];
  return typeof zone === 'string' ? zone : defaultTimeZone(process.env['TZ']);
}
