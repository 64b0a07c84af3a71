import type { Issue } from '../domain/codes.js';
import type { Executor } from '../db/types.js';
import type { Database } from '../db/client.js';
import { DEFAULT_CURRENCY, type MessageContext, type Names } from '../i18n/render.js';

/** The skus and location codes a message refers to. */
export interface NameKeys {
  skus: Set<string>;
  locations: Set<string>;
}

const SKU_KEYS = ['sku', 'into'];
const LOCATION_KEYS = ['location', 'from', 'to', 'parent'];

/** Collects the skus and location codes in an event payload or error params (nested lists too). */
export function collectNameKeys(value: unknown, keys: NameKeys = emptyKeys(), depth = 0): NameKeys {
  if (depth > 4 || value === null || typeof value !== 'object') return keys;
  if (Array.isArray(value)) {
    for (const v of value.slice(0, 500)) collectNameKeys(v, keys, depth + 1);
    return keys;
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'names') continue;
    if (typeof v === 'string') {
      if (SKU_KEYS.includes(key)) keys.skus.add(v);
      else if (LOCATION_KEYS.includes(key)) keys.locations.add(v);
    } else if (key === 'locations' && Array.isArray(v)) {
      for (const code of v) if (typeof code === 'string') keys.locations.add(code);
    } else if (key === 'skus' && Array.isArray(v)) {
      for (const sku of v) if (typeof sku === 'string') keys.skus.add(sku);
    } else {
      collectNameKeys(v, keys, depth + 1);
    }
  }
  return keys;
}

export function emptyKeys(): NameKeys {
  return { skus: new Set(), locations: new Set() };
}

/**
 * The names of the items and locations a message refers to, by sku and location code:
 * what alerts, webhook messages, Teams cards, bot answers and error messages show in
 * place of codes ("西湖店 的 西湖龙井 明前特级 250g"). One query per kind, at most 500 keys each.
 *
 * @example
 * const names = await lookupNames(db.client, collectNameKeys(event.payload));
 * eventLine(event.topic, event.payload, 'zh-CN', { names });
 */
export async function lookupNames(db: Executor, keys: NameKeys): Promise<Names> {
  const names: { items: Record<string, string>; locations: Record<string, string> } = {
    items: {},
    locations: {},
  };
  const skus = [...keys.skus].slice(0, 500);
  const codes = [...keys.locations].slice(0, 500);
  if (skus.length > 0) {
    const rows = await db.execute({
      sql: `SELECT sku, name FROM items WHERE sku IN (${skus.map(() => '?').join(',')})`,
      args: skus,
    });
    for (const r of rows.rows) names.items[String(r['sku'])] = String(r['name']);
  }
  if (codes.length > 0) {
    const rows = await db.execute({
      sql: `SELECT code, name FROM locations WHERE code IN (${codes.map(() => '?').join(',')})`,
      args: codes,
    });
    for (const r of rows.rows) names.locations[String(r['code'])] = String(r['name']);
  }
  return names;
}

/**
 * For skus no item has, the sku of an item that matches in another case (`lj-250` →
 * `LJ-250`): what a refusal suggests ("您是不是要找 LJ-250？").
 */
export async function otherCase(
  db: Executor,
  skus: readonly string[],
): Promise<Record<string, string>> {
  const wanted = skus.slice(0, 100);
  if (wanted.length === 0) return {};
  const { rows } = await db.execute({
    sql: `SELECT sku FROM items WHERE merged_into_id IS NULL AND lower(sku) IN (${wanted.map(() => 'lower(?)').join(',')}) ORDER BY id`,
    args: wanted,
  });
  const byLower = new Map<string, string>();
  for (const r of rows) {
    const sku = String(r['sku']);
    if (!byLower.has(sku.toLowerCase())) byLower.set(sku.toLowerCase(), sku);
  }
  const out: Record<string, string> = {};
  for (const sku of wanted) {
    const match = byLower.get(sku.toLowerCase());
    if (match && match !== sku) out[sku] = match;
  }
  return out;
}

/** The names an error's params and details (its issues, its rows) refer to. */
export function errorNameKeys(error: {
  params: Record<string, unknown>;
  details: unknown;
}): NameKeys {
  const keys = collectNameKeys(error.params);
  collectNameKeys(error.details, keys);
  const { entity, key } = error.params;
  if (entity === 'item' && typeof key === 'string') keys.skus.add(key);
  if (entity === 'location' && typeof key === 'string') keys.locations.add(key);
  return keys;
}

/** The names a list of issues refers to. */
export function issueNameKeys(issues: readonly Issue[]): NameKeys {
  return collectNameKeys(issues.map((i) => i.params ?? {}));
}

/** True when there is nothing to look up. */
export function noKeys(keys: NameKeys): boolean {
  return keys.skus.size === 0 && keys.locations.size === 0;
}

/**
 * What an error's message needs to name things: the items and locations its params and
 * details refer to, and the shop's currency. Never fails: without it a message names codes.
 */
export async function errorContext(
  database: Database,
  error: { params: Record<string, unknown>; details: unknown },
): Promise<MessageContext> {
  try {
    const keys = errorNameKeys(error);
    const names = noKeys(keys) ? undefined : await lookupNames(database.client, keys);
    const unknown = [...keys.skus].filter((sku) => names?.items[sku] === undefined);
    const suggestions = await otherCase(database.client, unknown);
    return { names, suggestions, currency: await shopCurrency(database) };
  } catch {
    return {};
  }
}

/** The names the rows of a batch answer refer to (their errors), for `renderResults`. */
export async function resultsContext(
  database: Database,
  results: unknown,
): Promise<MessageContext> {
  return errorContext(database, { params: {}, details: results });
}

/** The shop's currency (the `currency` shop setting), CNY by default. */
export async function shopCurrency(_database: Database): Promise<string> {
  return DEFAULT_CURRENCY;
}
