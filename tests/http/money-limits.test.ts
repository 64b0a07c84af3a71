import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_AMOUNT, MAX_UNIT_COST } from '../../core/domain/money.js';
import { post, seedShop } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/**
 * Money at the documented maxima: every amount the ledger accepts is exact on the
 * way in, in storage and on the way out; beyond them a 400 names the field, never a 500.
 */
let t: TestApp;
let supplier: number;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  supplier = (await t.call('POST', api('/suppliers'), { name: 'S' })).body.id;
  await post(t, { type: 'receipt', sku: 'A', quantity: 1000, location: 'W1' });
});
afterAll(() => t.cleanup());

const issues = (res: { status: number; body: any }) => {
  expect(res.status, JSON.stringify(res.body)).toBe(400);
  return res.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code]);
};

describe('the documented maxima', () => {
  it('are in the OpenAPI document', async () => {
    const openapi = (await t.call('GET', '/openapi.json')).body;
    const doc = openapi.components.schemas;
    const customer =
      openapi.paths['/api/v1/customers/{code}'].put.requestBody.content['application/json'].schema;
    expect(customer.properties.creditLimit.anyOf[0]).toMatchObject({
      maximum: MAX_AMOUNT,
      description: expect.stringContaining('4 decimals'),
    });
    expect(doc.CreatePurchaseOrderInput.properties.lines.items.properties.unitCost.maximum).toBe(
      MAX_UNIT_COST,
    );
    expect(doc.MovementInput.properties.unitCost.anyOf[0].maximum).toBe(MAX_UNIT_COST);
  });
});

describe('credit limits', () => {
  it('are exact up to the maximum and refused above it, not a 500', async () => {
    for (const limit of [MAX_AMOUNT, 99_999_999_999.9999, 0.0001]) {
      const res = await t.call('PUT', api('/customers/C1'), { name: 'C', creditLimit: limit });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toMatchObject({ creditLimit: limit, remaining: limit });
      expect((await t.call('GET', api('/customers/C1/exposure'))).body.creditLimit).toBe(limit);
    }
    expect(
      issues(
        await t.call('PUT', api('/customers/C1'), { name: 'C', creditLimit: 999_999_999_999 }),
      ),
    ).toEqual([['creditLimit', 'too_big']]);
    expect(
      issues(await t.call('PUT', api('/customers/C1'), { name: 'C', creditLimit: 1e300 })),
    ).toEqual([['creditLimit', 'too_big']]);
    expect(
      issues(await t.call('PUT', api('/customers/C1'), { name: 'C', creditLimit: 1.23456 })),
    ).toEqual([['creditLimit', 'at_most_4_decimals']]);
  });

  it('hold sales orders up to the maximum exactly, and refuse an order worth more', async () => {
    await t.call('PUT', api('/customers/C2'), { name: 'C', creditLimit: MAX_AMOUNT });
    const line = { sku: 'A', quantity: 100, unitPrice: MAX_UNIT_COST };
    const order = await t.call('POST', api('/sales-orders'), {
      customer: 'C2',
      location: 'W1',
      lines: [line],
    });
    expect(order.status, JSON.stringify(order.body)).toBe(201);
    expect(order.body).toMatchObject({ status: 'approved', value: MAX_AMOUNT });
    expect((await t.call('GET', api('/customers/C2/exposure'))).body).toMatchObject({
      openOrders: MAX_AMOUNT,
      remaining: 0,
    });
    const over = {
      customer: 'C2',
      location: 'W1',
      lines: [line, { sku: 'B', quantity: 1, unitPrice: 0.0001 }],
    };
    expect(issues(await t.call('POST', api('/sales-orders'), over))).toEqual([
      ['lines', 'amount_too_large'],
    ]);
    const huge = {
      customer: 'C2',
      location: 'W1',
      lines: [{ sku: 'A', quantity: 1e12, unitPrice: MAX_UNIT_COST }],
    };
    expect(issues(await t.call('POST', api('/sales-orders'), huge))).toEqual([
      ['lines.0', 'amount_too_large'],
    ]);
  });
});

describe('purchase orders', () => {
  it('total exactly up to the maximum and are refused beyond it', async () => {
    const exact = [
      { sku: 'A', quantity: 100, unitCost: 999_999_999.9999 },
      { sku: 'B', quantity: 1, unitCost: 0.0099 },
    ];
    const res = await t.call('POST', api('/purchase-orders'), {
      supplier,
      location: 'W1',
      lines: exact,
      submit: false,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.totals.value).toBe(99_999_999_999.9999);
    expect(res.body.lines.map((l: { unitCost: number }) => l.unitCost)).toEqual([
      999_999_999.9999, 0.0099,
    ]);

    const atMaxima = {
      supplier,
      location: 'W1',
      lines: [{ sku: 'A', quantity: 1e12, unitCost: MAX_UNIT_COST }],
    };
    expect(issues(await t.call('POST', api('/purchase-orders'), atMaxima))).toEqual([
      ['lines.0', 'amount_too_large'],
    ]);
    const twoLines = {
      supplier,
      location: 'W1',
      lines: [
        { sku: 'A', quantity: 100, unitCost: MAX_UNIT_COST },
        { sku: 'B', quantity: 100, unitCost: MAX_UNIT_COST },
      ],
    };
    expect(issues(await t.call('POST', api('/purchase-orders'), twoLines))).toEqual([
      ['lines', 'amount_too_large'],
    ]);
    expect(
      issues(
        await t.call('POST', api('/purchase-orders'), {
          ...atMaxima,
          lines: [{ sku: 'A', quantity: 1, unitCost: MAX_UNIT_COST + 1 }],
        }),
      ),
    ).toEqual([['lines.0.unitCost', 'too_big']]);
  });

  it('approval thresholds are amounts too', async () => {
    const put = (minValue: number) =>
      t.call('PUT', api('/approval-policies'), {
        policies: [{ documentType: 'purchase_order', levels: [{ minValue, role: 'manager' }] }],
      });
    expect((await put(MAX_AMOUNT)).status).toBe(200);
    expect(issues(await put(1e15))).toEqual([['policies.0.levels.0.minValue', 'too_big']]);
    expect((await put(0)).status).toBe(200);
  });
});

describe('stock at cost', () => {
  it('a receipt is worth at most the maximum; stock worth far more is still valued, not a 500', async () => {
    const over = await post(t, {
      type: 'receipt',
      sku: 'B',
      quantity: 101,
      location: 'S1',
      unitCost: MAX_UNIT_COST,
    });
    expect(issues(over)).toEqual([['unitCost', 'amount_too_large']]);
    // 10,000 receipts at the maximum each: 10^15 currency units, past what SQLite's integers add up to.
    const rows = Array.from({ length: 10_000 }, () => ({
      type: 'receipt',
      sku: 'B',
      quantity: 100,
      location: 'S1',
      unitCost: MAX_UNIT_COST,
    }));
    const batch = await t.call('POST', api('/movements/batch'), { rows });
    expect(batch.status, JSON.stringify(batch.body).slice(0, 500)).toBe(200);
    const report = await t.call('GET', api('/reports/stock-value?location=S1'));
    expect(report.status, JSON.stringify(report.body)).toBe(200);
    expect(report.body.locations).toEqual([
      {
        location: 'S1',
        items: 1,
        units: 1_000_000,
        value: 1e15,
        itemsWithoutCost: 0,
        unitsWithoutCost: 0,
      },
    ]);
    expect((await t.call('GET', api('/reports/stock-value'))).body.total).toEqual({
      units: 1_001_000,
      value: 1e15,
    });
    const items = await t.call('GET', api('/reports/stock-value/items?location=S1'));
    expect(items.body.items).toEqual([
      {
        location: 'S1',
        sku: 'B',
        name: 'Item B',
        onHand: 1_000_000,
        unitCost: MAX_UNIT_COST,
        value: 1e15,
      },
    ]);
    expect((await t.call('GET', api('/reports/slow-movers'))).status).toBe(200);
    expect((await t.verify()).ok).toBe(true);
  });
});
