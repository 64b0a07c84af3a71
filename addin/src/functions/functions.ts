/// <reference types="custom-functions-runtime" />
import type { ApiClient } from '../api-client.js';
import { ChangeWatcher, StockBatcher, type Change, type StockFigure } from './batcher.js';

/*
 * The workbook functions (namespace INV), registered in the shared runtime. Each is a
 * one-line request to the batcher; the JSDoc tags are the contract from which
 * custom-functions-metadata builds functions.json.
 */

let current:
  | { api: ApiClient; batcher: StockBatcher; watcher: ChangeWatcher; stopPane?: () => void }
  | undefined;

/**
 * Called by the task pane when the user signs in (or out: undefined). `onRestored`
 * hears when the ledger was restored from a backup (a new epoch), so that the pane
 * can read its sheets again; the formula cells re-read by themselves.
 */
export function useApi(api: ApiClient | undefined, pollMs = 5000, onRestored?: () => void): void {
  current?.stopPane?.();
  if (!api) {
    current = undefined;
    return;
  }
  const watcher = new ChangeWatcher(() => api.get('/ledger/head'), pollMs);
  current = {
    api,
    batcher: new StockBatcher(async (lines) => {
      const res = await api.post('/stock/query', { lines });
      if (res.status !== 200) throw new Error(res.body.error.message);
      return res.body.items;
    }),
    watcher,
    ...(onRestored
      ? { stopPane: watcher.subscribe((change: Change) => change === 'restored' && onRestored()) }
      : {}),
  };
}

function notSignedIn(): CustomFunctions.Error {
  return new CustomFunctions.Error(
    CustomFunctions.ErrorCode.notAvailable,
    'Sign in to the Inventory ledger add-in / 请先登录库存台账加载项',
  );
}

function stream(
  invocation: CustomFunctions.StreamingInvocation<number>,
  read: () => Promise<number | CustomFunctions.Error>,
): void {
  if (!current) {
    invocation.setResult(notSignedIn());
    return;
  }
  // Only a changed answer is set: the ledger moving elsewhere must not recalculate
  // every dependent cell in the workbook.
  let last: string | undefined;
  const set = (v: number | CustomFunctions.Error) => {
    const key = typeof v === 'number' ? `n:${v}` : `e:${v.code}:${v.message ?? ''}`;
    if (key === last) return;
    last = key;
    invocation.setResult(v);
  };
  const update = () =>
    void read().then(set, (e: Error) =>
      set(new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, e.message)),
    );
  update();
  // Moved or restored: either way this cell reads its figure again (a restore may
  // bring back a seq already seen, with other figures behind it).
  const stop = current.watcher.subscribe(update);
  invocation.onCanceled = stop;
}

async function figure(
  sku: string,
  location: string | undefined,
  pick: (f: StockFigure) => number | null,
): Promise<number | CustomFunctions.Error> {
  if (!current) return notSignedIn();
  const f = await current.batcher.get(sku, location);
  if (f.error) return new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, f.error);
  return pick(f) ?? 0;
}

/**
 * On-hand stock of an item, at one store or warehouse, or in all of them.
 * @customfunction STOCK
 * @param sku The item's SKU.
 * @param [location] A store or warehouse code. All of them when omitted.
 * @param invocation Streaming invocation: the figure refreshes when the ledger changes.
 * @streaming
 */
export function stock(
  sku: string,
  location: string | undefined,
  invocation: CustomFunctions.StreamingInvocation<number>,
): void {
  stream(invocation, () => figure(sku, location, (f) => f.onHand));
}

/**
 * Stock available to sell (on hand less what is held for orders).
 * @customfunction AVAILABLE
 * @param sku The item's SKU.
 * @param [location] A store or warehouse code. All of them when omitted.
 * @param invocation Streaming invocation: the figure refreshes when the ledger changes.
 * @streaming
 */
export function available(
  sku: string,
  location: string | undefined,
  invocation: CustomFunctions.StreamingInvocation<number>,
): void {
  stream(invocation, () => figure(sku, location, (f) => f.available));
}

/**
 * The items below their minimum: SKU, location, available, min (a spilled array).
 * @customfunction BELOWMIN
 * @param [location] A store or warehouse code. All of them when omitted.
 * @returns One row per item and location below its minimum.
 */
// `any[][]`: the metadata generator knows no union element type; cells hold text and numbers.
// biome-ignore lint/suspicious/noExplicitAny: the metadata generator reads this signature
export async function belowMin(location?: string): Promise<any[][]> {
  if (!current) throw notSignedIn();
  const page = await current.api.get('/stock', {
    query: { withItem: 'true', belowMin: 'true', limit: 5000, ...(location ? { location } : {}) },
  });
  return page.items.length > 0
    ? page.items.map((r) => [r.sku, r.location, r.available, r.min ?? ''])
    : [['', '', '', '']];
}

/** Registers the functions with Excel when the page runs as the add-in's shared runtime. */
export function registerFunctions(): void {
  if (typeof CustomFunctions === 'undefined') return;
  CustomFunctions.associate('STOCK', stock);
  CustomFunctions.associate('AVAILABLE', available);
  CustomFunctions.associate('BELOWMIN', belowMin);
}
