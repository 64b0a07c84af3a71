/// <reference types="custom-functions-runtime" />
import type { ApiClient } from '../api-client.js';
import { t, type AddinLang, type StringKey } from '../i18n/strings.js';
import { codeArgument, dayArgument } from './args.js';
import { ChangeWatcher, StockBatcher, type Change, type StockFigure } from './batcher.js';

/*
 * The workbook functions (namespace INV), registered in the shared runtime. Each is a
 * one-line request to the batcher; the JSDoc tags are the contract from which
 * custom-functions-metadata builds functions.json.
 */

let current:
  | {
      api: ApiClient;
      lang: AddinLang;
      batcher: StockBatcher;
      watcher: ChangeWatcher;
      stopPane?: () => void;
    }
  | undefined;

/**
 * Called by the task pane when the user signs in (or out: undefined). `onRestored`
 * hears when the ledger was restored from a backup (a new epoch), so that the pane
 * can read its sheets again; the formula cells re-read by themselves. `lang` is the
 * language of the cells' error messages (Office's display language).
 */
export function useApi(
  api: ApiClient | undefined,
  options: { pollMs?: number; onRestored?: () => void; lang?: AddinLang } = {},
): void {
  current?.stopPane?.();
  if (!api) {
    current = undefined;
    return;
  }
  const watcher = new ChangeWatcher(() => api.get('/ledger/head'), options.pollMs ?? 5000);
  const onRestored = options.onRestored;
  current = {
    api,
    lang: options.lang ?? 'en',
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

const PARAM_WORDS = {
  sku: 'argSku',
  location: 'argLocation',
  from: 'argFrom',
  to: 'argTo',
} as const satisfies Record<string, StringKey>;
type Param = keyof typeof PARAM_WORDS;

const PROBLEM_WORDS = {
  range: 'argRange',
  missing: 'argMissing',
  notADate: 'argNotADate',
} as const satisfies Record<string, StringKey>;

/** #VALUE! naming the argument and what is wrong with it, in the user's language. */
function badArgument(param: Param, problem: keyof typeof PROBLEM_WORDS): CustomFunctions.Error {
  const lang = current?.lang ?? 'en';
  return new CustomFunctions.Error(
    CustomFunctions.ErrorCode.invalidValue,
    t(PROBLEM_WORDS[problem], lang, { param: t(PARAM_WORDS[param], lang) }),
  );
}

/**
 * Reads the arguments: every code through `codeArgument`, every day through
 * `dayArgument`. The first bad one answers #VALUE! naming it.
 */
function readArgs<K extends Param>(
  args: Record<K, { value: unknown; kind: 'code' | 'optionalCode' | 'day' }>,
): Record<K, string | undefined> | CustomFunctions.Error {
  const out = {} as Record<K, string | undefined>;
  for (const name of Object.keys(args) as K[]) {
    const { value, kind } = args[name];
    const read = kind === 'day' ? dayArgument(value) : codeArgument(value, kind === 'code');
    if (!read.ok) return badArgument(name, read.problem);
    out[name] = read.value;
  }
  return out;
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
  sku: unknown,
  location: unknown,
  pick: (f: StockFigure) => number | null,
): Promise<number | CustomFunctions.Error> {
  if (!current) return notSignedIn();
  const args = readArgs({
    sku: { value: sku, kind: 'code' },
    location: { value: location, kind: 'optionalCode' },
  });
  if (args instanceof CustomFunctions.Error) return args;
  const f = await current.batcher.get(args.sku!, args.location);
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
  sku: unknown,
  location: unknown,
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
  sku: unknown,
  location: unknown,
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
export async function belowMin(location?: unknown): Promise<any[][]> {
  if (!current) throw notSignedIn();
  const args = readArgs({ location: { value: location, kind: 'optionalCode' } });
  if (args instanceof CustomFunctions.Error) throw args;
  const page = await current.api.get('/stock', {
    query: {
      withItem: 'true',
      belowMin: 'true',
      limit: 5000,
      ...(args.location ? { location: args.location } : {}),
    },
  });
  return page.items.length > 0
    ? page.items.map((r) => [r.sku, r.location, r.available, r.min ?? ''])
    : [['', '', '', '']];
}

/**
 * Stock value at moving-average cost, in the shop's currency, at one location or in all.
 * @customfunction VALUE
 * @param [location] A store or warehouse code. All owned stock when omitted.
 * @param invocation Streaming invocation: the figure refreshes when the ledger changes.
 * @streaming
 */
export function value(
  location: unknown,
  invocation: CustomFunctions.StreamingInvocation<number>,
): void {
  stream(invocation, async () => {
    if (!current) return notSignedIn();
    const args = readArgs({ location: { value: location, kind: 'optionalCode' } });
    if (args instanceof CustomFunctions.Error) return args;
    const report = await current.api.get('/reports/stock-value', {
      query: args.location ? { location: args.location } : {},
    });
    if (!args.location) return report.total.value;
    return report.locations.find((l) => l.location === args.location)?.value ?? 0;
  });
}

/** Registers the functions with Excel when the page runs as the add-in's shared runtime. */
export function registerFunctions(): void {
  if (typeof CustomFunctions === 'undefined') return;
  CustomFunctions.associate('STOCK', stock);
  CustomFunctions.associate('AVAILABLE', available);
  CustomFunctions.associate('BELOWMIN', belowMin);
  CustomFunctions.associate('VALUE', value);
}
