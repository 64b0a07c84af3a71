import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../../core/domain/alerts.js';
import { forecastDays, weeklyProfile, type ForecastModel } from '../../../core/domain/forecast.js';
import type { ServiceContext } from '../../../core/services/context.js';
import { loadForecasts } from '../../../core/services/forecasts/load-forecasts.js';
import {
  REFIT_DAYS,
  refreshForecasts,
} from '../../../core/services/forecasts/refresh-forecasts.js';
import { createItem, CreateItemInput } from '../../../core/services/items/create-item.js';
import { createLocation } from '../../../core/services/locations/create-location.js';
import {
  MovementBatchInput,
  postMovementBatch,
} from '../../../core/services/movements/post-movement-batch.js';
import { bootstrapAdmin } from '../../../core/services/users/bootstrap-admin.js';
import { tempDatabase, type TempDatabase } from '../../helpers/temp-db.js';

/*
 * The forecast worker on a real temp-file ledger: sales (and refusals) posted through
 * the service functions day by day, then the worker brings every series up to
 * yesterday. Two handles on one file stand in for two service processes.
 */

const FIRST = Date.parse('2026-01-05T00:00:00Z') / DAY_MS; // a Monday
const WEEK = [1.3, 0.8, 0.9, 0.9, 1.0, 1.1, 1.2]; // Sunday first, averaging 1.03
const clock = { now: FIRST * DAY_MS };
let temp: TempDatabase;
let ctx: ServiceContext;

const at = (day: number, hour = 12) =>
  new Date((FIRST + day) * DAY_MS + hour * 3_600_000).toISOString();
const weekday = (day: number) => new Date((FIRST + day) * DAY_MS).getUTCDay();
/** 40 a day with the weekly pattern, no noise: what the model must find. */
const demandOf = (day: number) => Math.round(40 * WEEK[weekday(day)]!);

async function post(rows: Array<Record<string, unknown>>) {
  return postMovementBatch({ ctx, input: MovementBatchInput.parse({ rows, atomic: false }) });
}
const sale = (sku: string, day: number, quantity: number, location = 'S1') => ({
  type: 'issue',
  sku,
  quantity,
  location,
  occurredAt: at(day),
});
const receipt = (sku: string, day: number, quantity: number, location = 'S1') => ({
  type: 'receipt',
  sku,
  quantity,
  location,
  occurredAt: at(day, 6),
});
const models = async (): Promise<Map<string, ForecastModel>> =>
  loadForecasts(temp.database.client, {});
const row = async (sku: string, location = 'S1') =>
  (
    await temp.database.client.execute({
      sql: `SELECT f.through_day, f.fitted_day, f.model, f.claimed_by FROM forecasts f JOIN items i ON i.id = f.item_id JOIN locations l ON l.id = f.location_id
             WHERE i.sku = ? AND l.code = ?`,
      args: [sku, location],
    })
  ).rows[0];

beforeAll(async () => {
  temp = await tempDatabase();
  await bootstrapAdmin(temp.database, 'forecast-test-token');
  ctx = {
    database: temp.database,
    actor: { id: 1, name: 'admin', role: 'admin', locationIds: null },
    requestId: 't',
    client: 'api',
    now: () => clock.now,
  };
  for (const code of ['S1', 'S2'])
    await createLocation({ ctx, input: { code, name: code, kind: 'store' } });
  for (const sku of ['STEADY', 'OUT', 'NEW', 'S2-ONLY'])
    await createItem({ ctx, input: CreateItemInput.parse({ sku, name: sku }) });
  // Eight weeks of STEADY; OUT sells the same until its shelf empties in week 7, then is refused.
  await post([receipt('STEADY', 0, 10_000), receipt('OUT', 0, 40 * 6 * 7)]);
  for (let day = 0; day < 56; day++) {
    clock.now = Date.parse(at(day));
    const results = await post([
      sale('STEADY', day, demandOf(day)),
      sale('OUT', day, demandOf(day)),
    ]);
    if (results.results[1]!.status === 'rejected') {
      const available = (results.results[1] as { error: { details: { available: number } } }).error
        .details.available;
      if (available > 0) await post([sale('OUT', day, available)]);
    }
  }
  await temp.database.drain();
});
afterAll(() => temp.cleanup());

describe('the forecast worker', () => {
  it('gives each series with demand a model fitted up to yesterday, with its weekly profile', async () => {
    clock.now = (FIRST + 56) * DAY_MS + 3_600_000;
    const outcome = await refreshForecasts(temp.database, { now: clock.now, workerId: 'w1' });
    expect(outcome).toEqual({ discovered: 2, fitted: 2, updated: 0 });
    const steady = (await models()).get(
      `${await idOf('STEADY')}:${await idOf('S1', 'locations')}`,
    )!;
    expect(steady.throughDay).toBe(FIRST + 55);
    const truth = WEEK.map((w) => w / (WEEK.reduce((a, b) => a + b, 0) / 7));
    weeklyProfile(steady).forEach((f, day) =>
      expect(Math.abs(f / truth[day]! - 1)).toBeLessThan(0.05),
    );
    expect(await row('STEADY')).toMatchObject({
      through_day: FIRST + 55,
      fitted_day: FIRST + 55,
      claimed_by: null,
    });
  });

  it('fits on sold + refused units: a stock-out does not read as no demand', async () => {
    const out = await row('OUT');
    const model = JSON.parse(String(out!['model'])) as ForecastModel;
    const week = forecastDays(model, FIRST + 56, 7).reduce((s, d) => s + d, 0);
    const trueWeek = Array.from({ length: 7 }, (_, i) => demandOf(56 + i)).reduce(
      (s, d) => s + d,
      0,
    );
    expect(Math.abs(week / trueWeek - 1)).toBeLessThan(0.05);
    const sold = await temp.database.client.execute(
      `SELECT sum(sold) AS sold, sum(refused_quantity) AS refused FROM balance_days d JOIN items i ON i.id = d.item_id WHERE i.sku = 'OUT' AND d.day >= ${FIRST + 49}`,
    );
    expect(Number(sold.rows[0]!['sold'])).toBe(0);
    expect(Number(sold.rows[0]!['refused'])).toBeGreaterThan(0);
  });

  it('has nothing to do again the same day, and takes in only the new day the next', async () => {
    // An idle pass takes no write lock: it finishes while another connection holds it.
    const holder = await temp.database.client.transaction('write');
    try {
      expect(
        await refreshForecasts(temp.database, { now: clock.now + 3_600_000, workerId: 'w1' }),
      ).toEqual({ discovered: 0, fitted: 0, updated: 0 });
    } finally {
      await holder.rollback();
    }
    clock.now = Date.parse(at(56));
    await post([
      sale('STEADY', 56, demandOf(56)),
      sale('NEW', 56, 3, 'S2'),
      receipt('S2-ONLY', 56, 5, 'S2'),
    ]);
    await temp.database.drain();
    clock.now = (FIRST + 57) * DAY_MS + 3_600_000;
    // NEW sold once: a row, but too short to forecast. S2-ONLY was only received: no demand, no row.
    expect(await refreshForecasts(temp.database, { now: clock.now, workerId: 'w1' })).toEqual({
      discovered: 1,
      fitted: 1,
      updated: 2,
    });
    expect(await row('NEW', 'S2')).toMatchObject({
      through_day: FIRST + 56,
      fitted_day: null,
      model: null,
    });
    expect(await row('S2-ONLY', 'S2')).toBeUndefined();
    expect(await row('STEADY')).toMatchObject({ through_day: FIRST + 56, fitted_day: FIRST + 55 });
  });

  it(`fits afresh once the fit is ${REFIT_DAYS} days old`, async () => {
    clock.now = (FIRST + 56 + REFIT_DAYS) * DAY_MS + 3_600_000;
    const outcome = await refreshForecasts(temp.database, { now: clock.now, workerId: 'w1' });
    expect(outcome.fitted).toBe(3); // STEADY and OUT (old fits), NEW (no model yet)
    expect(await row('STEADY')).toMatchObject({
      through_day: FIRST + 55 + REFIT_DAYS,
      fitted_day: FIRST + 55 + REFIT_DAYS,
    });
  });

  it('leaves a series another worker holds a claim on, and takes it once the claim expires', async () => {
    const next = clock.now + DAY_MS;
    await temp.database.client.execute({
      sql: `UPDATE forecasts SET claimed_by = 'dead', claimed_until = ? WHERE item_id = ?`,
      args: [next + 60_000, await idOf('STEADY')],
    });
    expect((await refreshForecasts(temp.database, { now: next, workerId: 'w1' })).updated).toBe(2);
    expect(await row('STEADY')).toMatchObject({
      claimed_by: 'dead',
      through_day: FIRST + 55 + REFIT_DAYS,
    });
    expect(
      (await refreshForecasts(temp.database, { now: next + 120_000, workerId: 'w1' })).updated,
    ).toBe(1);
    expect(await row('STEADY')).toMatchObject({
      claimed_by: null,
      through_day: FIRST + 56 + REFIT_DAYS,
    });
  });

  it('two processes on one database work each series once', async () => {
    // 40 more items with a few weeks of sales each, then a worker in each of two processes at once.
    const skus = Array.from({ length: 40 }, (_, i) => `MANY-${i}`);
    for (const sku of skus)
      await createItem({ ctx, input: CreateItemInput.parse({ sku, name: sku }) });
    const base = 56 + REFIT_DAYS + 2;
    // Posted afterwards, backdated (a sale dated ahead of the clock is refused).
    clock.now = (FIRST + base + 30) * DAY_MS;
    await post(skus.map((sku) => receipt(sku, base, 1000)));
    for (let day = base; day < base + 30; day++) await post(skus.map((sku) => sale(sku, day, 5)));
    await temp.database.drain();
    const now = (FIRST + base + 30) * DAY_MS + 3_600_000;
    // A claims 20 and stops before fitting them (a failpoint); meanwhile B takes what is left.
    const a = workerProcess(now, 'a', 20, { INVENTORY_FAILPOINT: 'forecasts.fit:1500' });
    await a.paused;
    const b = await workerProcess(now, 'b', 100).done;
    const doneA = await a.done;
    expect(doneA.discovered + b.discovered).toBe(40);
    // 40 new and 3 older series, each exactly once, between the two.
    expect({ a: doneA.fitted + doneA.updated, b: b.fitted + b.updated }).toEqual({ a: 20, b: 23 });
    expect(await refreshForecasts(temp.database, { now, workerId: 'c' })).toEqual({
      discovered: 0,
      fitted: 0,
      updated: 0,
    });
    const claimed = await temp.database.client.execute(
      `SELECT count(*) AS n FROM forecasts WHERE claimed_by IS NOT NULL`,
    );
    expect(Number(claimed.rows[0]!['n'])).toBe(0);
  });
});

function workerProcess(now: number, id: string, limit: number, env: Record<string, string> = {}) {
  type Outcome = { discovered: number; fitted: number; updated: number };
  let paused!: () => void;
  const reached = new Promise<void>((r) => (paused = r));
  const done = new Promise<Outcome>((resolveDone, fail) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'tests/helpers/forecast-worker.ts',
        temp.url,
        String(now),
        id,
        String(limit),
      ],
      {
        cwd: resolve(import.meta.dirname, '../../..'),
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on(
      'data',
      (d: Buffer) => d.toString().includes('failpoint forecasts.fit reached') && paused(),
    );
    child.on('exit', (code) =>
      code === 0
        ? resolveDone(JSON.parse(out) as Outcome)
        : fail(new Error(`worker ${id} exited ${code}: ${out}`)),
    );
  });
  return { paused: reached, done };
}

async function idOf(code: string, table: 'items' | 'locations' = 'items'): Promise<number> {
  const column = table === 'items' ? 'sku' : 'code';
  return Number(
    (
      await temp.database.client.execute({
        sql: `SELECT id FROM ${table} WHERE ${column} = ?`,
        args: [code],
      })
    ).rows[0]!['id'],
  );
}
