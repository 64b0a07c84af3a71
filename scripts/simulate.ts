/**
 * `npm run simulate -- --demand <csv> --policy forecast|velocity|minmax|all --lead-time 7`
 *
 * Replays a demand history through the ledger's service functions (see
 * `scripts/simulate/replay.ts`) and prints, per policy, per store and in total: fill
 * rate, stock-out days, average units and value on hand, orders placed, run time.
 *
 * Options: `--review-days 1` (orders every N evenings), `--history-days 90` (days the shop
 * already had, not counted), `--service-level 0.95` (forecast, 0.5 to 0.999 as the API takes it), `--scale 1` (minmax's
 * levels, velocity's days of cover), `--tune 0.98` (raise minmax and velocity until they
 * reach that fill rate, and compare at it; the search starts from `--scale`, and each
 * step prints its figures), `--series N`, `--days N` (a part of the data).
 * The phases' times are wall-clock; `SIMULATE_CPU=1` reports this process's CPU time instead.
 */
import { parseArgs } from 'node:util';
import { readDemand } from './simulate/demand.js';
import { POLICY_NAMES, type PolicyName } from './simulate/policies.js';
import { replay, type Figures, type ReplayOptions, type ReplayResult } from './simulate/replay.js';
import { tune } from './simulate/tune.js';

const { values } = parseArgs({
  options: {
    demand: { type: 'string', default: '../shared/data/store-item-demand-sample.csv' },
    policy: { type: 'string', default: 'all' },
    'lead-time': { type: 'string', default: '7' },
    'review-days': { type: 'string', default: '1' },
    'history-days': { type: 'string', default: '90' },
    'service-level': { type: 'string', default: '0.95' },
    scale: { type: 'string', default: '1' },
    tune: { type: 'string' },
    series: { type: 'string' },
    days: { type: 'string' },
    quiet: { type: 'boolean', default: false },
  },
});

const number = (name: keyof typeof values, min: number, max: number): number => {
  const n = Number(values[name]);
  if (!Number.isFinite(n) || n < min || n > max)
    usage(`--${name} must be a number from ${min} to ${max}`);
  return n;
};
function usage(problem: string): never {
  console.error(
    `${problem}\nusage: npm run simulate -- --demand <csv> --policy forecast|velocity|minmax|all --lead-time 7 [--review-days 1] [--service-level 0.95] [--scale 1] [--tune 0.98] [--series N] [--days N]`,
  );
  process.exit(2);
}

const policies: PolicyName[] =
  values.policy === 'all'
    ? POLICY_NAMES
    : POLICY_NAMES.includes(values.policy as PolicyName)
      ? [values.policy as PolicyName]
      : usage(`unknown policy '${values.policy}'`);
const demand = readDemand(values.demand!, {
  series: values.series ? number('series', 1, 1e6) : undefined,
  days: values.days ? number('days', 1, 1e6) : undefined,
});
const base: Omit<ReplayOptions, 'policy'> = {
  demand,
  leadTimeDays: number('lead-time', 0, 365),
  reviewDays: number('review-days', 1, 365),
  historyDays: number('history-days', 28, 3650),
  serviceLevel: number('service-level', 0.5, 0.999),
  scale: number('scale', 0.1, 100),
  ...(values.quiet
    ? {}
    : {
        onProgress: (day: number, days: number) =>
          process.stderr.write(`\r  day ${day} of ${days}`),
      }),
};
console.log(
  `${values.demand}: ${demand.series.length} series × ${demand.days} days; lead time ${base.leadTimeDays}, review every ${base.reviewDays} day(s), first ${base.historyDays} days as history`,
);

const results: ReplayResult[] = [];
for (const policy of policies) {
  const result =
    values.tune && policy !== 'forecast'
      ? await tune({ ...base, policy }, number('tune', 0.5, 0.9999), (r) =>
          console.log(
            `  tuning ${policy}: scale ${r.scale} → fill rate ${percent(r.result.total.sold / r.result.total.demanded)}, ${r.result.total.stockOutDays} stock-out days, ${r.result.total.unitsOnHand.toFixed(0)} units (${r.result.total.valueOnHand.toFixed(2)}) on hand, ${r.result.total.orders} orders, ${(r.result.ms / 1000).toFixed(1)} s`,
          ),
        )
      : { scale: base.scale, result: await replay({ ...base, policy }) };
  process.stderr.write('\r');
  results.push(result.result);
  print(result.result, result.scale);
}
if (results.length > 1) {
  console.log('\nsummary (total over all stores)');
  table(
    results.map((r) => ({ ...r.total, store: r.policy })),
    results.map((r) => r.ms),
  );
}
if (results.some((r) => r.verify.mismatches.length > 0)) {
  console.error(
    'verify found mismatches:',
    results.map((r) => r.verify.mismatches.slice(0, 3)),
  );
  process.exit(1);
}

function print(r: ReplayResult, scale: number): void {
  const knob = r.policy === 'forecast' ? `service level ${base.serviceLevel}` : `scale ${scale}`;
  const phases = Object.entries(r.phases)
    .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`)
    .join(', ');
  console.log(
    `\n${r.policy} (${knob}): ${r.firstDay} to ${r.lastDay} (${r.days} days), ${(r.ms / 1000).toFixed(1)} s (${phases}), verify ${r.verify.mismatches.length === 0 ? 'ok' : 'FAILED'}`,
  );
  table([...r.stores, r.total]);
}

function table(rows: Figures[], ms?: number[]): void {
  const head = [
    '',
    'demanded',
    'sold',
    'fill rate',
    'stock-out days',
    'units on hand',
    'value on hand',
    'orders',
    'order lines',
    ...(ms ? ['run time'] : []),
  ];
  const body = rows.map((f, i) => [
    f.store,
    String(f.demanded),
    String(f.sold),
    percent(f.sold / f.demanded),
    String(f.stockOutDays),
    f.unitsOnHand.toFixed(0),
    f.valueOnHand.toFixed(2),
    String(f.orders),
    String(f.orderLines),
    ...(ms ? [`${(ms[i]! / 1000).toFixed(1)} s`] : []),
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  for (const row of [head, ...body])
    console.log(
      row
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
        .join('  '),
    );
}

function percent(x: number): string {
  return `${(100 * x).toFixed(2)} %`;
}
