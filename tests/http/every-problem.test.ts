import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

// One request, one answer with all of its problems: shape, references, stock.
let t: TestApp;
let supplier: number;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  await post(t, { type: 'receipt', sku: 'A', quantity: 5, location: 'S1' });
  await t.call('POST', api('/items'), { sku: 'MILK', name: 'Milk', lotTracked: true });
  await t.call('POST', api('/items/batch'), {
    rows: [{ sku: 'MILK', name: 'Milk', lotTracked: true }],
  });
  supplier = (await t.call('POST', api('/suppliers'), { name: 'Dairy' })).body.id;
});
afterAll(() => t.cleanup());

type Problem = [path: string, code: string];
const problems = (details: Array<{ path: string; code: string }>): Problem[] =>
  details.map((d) => [d.path, d.code]);
const count = async () =>
  Number((await t.database.client.execute('SELECT count(*) FROM movements')).rows[0]![0]);

describe('a single request lists every problem', () => {
  it.each<[string, string, unknown, number, Problem[]]>([
    [
      'a wrong type and a missing field',
      '/movements',
      { type: 'receipt', quantity: 'x' },
      400,
      [
        ['quantity', 'invalid_type'],
        ['sku', 'sku_or_barcode_required'],
        ['location', 'required'],
      ],
    ],
    [
      'a wrong type and an unknown sku and place',
      '/movements',
      { type: 'issue', sku: 'NOPE', quantity: 'x', location: 'NOWHERE' },
      400,
      [
        ['quantity', 'invalid_type'],
        ['sku', 'unknown_sku'],
        ['location', 'unknown_location'],
      ],
    ],
    [
      'an unknown sku and an unknown place',
      '/movements',
      { type: 'move', sku: 'NOPE', quantity: 1, from: 'S1', to: 'S9' },
      400,
      [
        ['sku', 'unknown_sku'],
        ['to', 'unknown_location'],
      ],
    ],
    [
      'a wrong type, a field that does not belong and a missing place',
      '/movements',
      { type: 'move', sku: 'A', quantity: 'two', location: 'S1', from: 'S1' },
      400,
      [
        ['quantity', 'invalid_type'],
        ['location', 'field_not_allowed'],
        ['to', 'required'],
      ],
    ],
    [
      'a transfer with an unknown sku, a shortage and a repeated line',
      '/transfers',
      {
        from: 'S1',
        to: 'S2',
        lines: [
          { sku: 'NOPE', quantity: 1 },
          { sku: 'A', quantity: 50 },
          { sku: 'A', quantity: 1 },
        ],
      },
      400,
      [
        ['lines.2.sku', 'invalid_value'],
        ['lines.0.sku', 'unknown_sku'],
        ['lines.1.quantity', 'insufficient_stock'],
      ],
    ],
    [
      'a transfer from nowhere with an unknown sku',
      '/transfers',
      { from: 'S9', to: 'S2', lines: [{ sku: 'NOPE', quantity: 1 }] },
      400,
      [
        ['from', 'unknown_location'],
        ['lines.0.sku', 'unknown_sku'],
      ],
    ],
  ])('%s', async (_name, path, body, status, expected) => {
    const before = await count();
    const res = await t.call('POST', api(path), body);
    expect(res.status).toBe(status);
    expect(res.body.error.code).toBe('validation_failed');
    expect(problems(res.body.error.details)).toEqual(expected);
    for (const d of res.body.error.details)
      expect(d.message).toMatch(new RegExp(`^${d.path.replace(/\./g, '\\.')}: `));
    expect(await count()).toBe(before);
  });

  it("words a refusal listed among other problems as its own message, in the reader's language", async () => {
    const body = {
      from: 'S1',
      to: 'S2',
      lines: [
        { sku: 'NOPE', quantity: 1 },
        { sku: 'A', quantity: 50 },
      ],
    };
    const en = await t.call('POST', api('/transfers'), body);
    expect(en.body.error.details[1].message).toBe(
      'lines.1.quantity: Not enough stock of Item A (A) at S1: 50 requested, 5 available.',
    );
    const zh = await t.call('POST', api('/transfers'), body, {
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(zh.body.error.details.map((d: { message: string }) => d.message)).toEqual([
      'lines.0.sku: 没有 SKU 为“NOPE”的商品',
      'lines.1.quantity: S1 的 Item A（A） 库存不足：需要 50，可用 5。',
    ]);
  });

  it('keeps one refusal as it is, and lists every short line of a shortage', async () => {
    const one = await t.call('POST', api('/movements'), {
      type: 'issue',
      sku: 'NOPE',
      quantity: 1,
      location: 'S1',
    });
    expect([one.status, one.body.error]).toEqual([
      404,
      expect.objectContaining({ code: 'not_found', details: { entity: 'item', key: 'NOPE' } }),
    ]);
    const short = await t.call('POST', api('/transfers'), {
      from: 'S1',
      to: 'S2',
      lines: [
        { sku: 'A', quantity: 50 },
        { sku: 'B', quantity: 1 },
      ],
    });
    expect(short.status).toBe(409);
    expect(
      short.body.error.details.lines.map((l: { sku: string; path: string }) => [l.path, l.sku]),
    ).toEqual([
      ['lines.0.quantity', 'A'],
      ['lines.1.quantity', 'B'],
    ]);
  });
});

describe('a batch lists every problem of every row', () => {
  it('a text quantity no longer hides an unknown sku or a shortage', async () => {
    const before = await count();
    const res = await t.call('POST', api('/movements/batch'), {
      rows: [
        { type: 'receipt', sku: 'A', quantity: 'ten', location: 'S1' },
        { type: 'receipt', sku: 'NOPE', quantity: 1, location: 'S1' },
        { type: 'issue', sku: 'B', quantity: 3, location: 'S1' },
        { type: 'issue', sku: 'GONE', quantity: 'x', location: 'S7' },
        { type: 'receipt', sku: 'A', quantity: 1, location: 'S1' },
        { type: 'receipt', sku: 'MILK', quantity: 1, location: 'S1' },
      ],
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('batch_rejected');
    const rows = res.body.error.details.results.map(
      (r: { status: string; error?: { code: string; details: unknown } }) =>
        r.error
          ? [
              r.error.code,
              Array.isArray(r.error.details) ? problems(r.error.details as never) : r.error.details,
            ]
          : [r.status],
    );
    expect(rows).toEqual([
      ['validation_failed', [['quantity', 'invalid_type']]],
      ['not_found', { entity: 'item', key: 'NOPE' }],
      ['insufficient_stock', expect.objectContaining({ sku: 'B', requested: 3, available: 0 })],
      [
        'validation_failed',
        [
          ['quantity', 'invalid_type'],
          ['sku', 'unknown_sku'],
          ['location', 'unknown_location'],
        ],
      ],
      ['valid'],
      ['validation_failed', [['lot', 'lot_required']]],
    ]);
    expect(await count()).toBe(before);
  });

  it('an item import reports a wrong type beside a taken barcode and a repeated sku', async () => {
    const res = await t.call('POST', api('/items/batch'), {
      rows: [
        { sku: 'NEW-1', name: 7, barcodes: ['CASE-A'] },
        { sku: 'NEW-2', name: 'two', barcodes: ['690000001', 'FREE-1'] },
        { sku: 'NEW-2', name: 'again' },
        { sku: 'NEW-3', name: 'fine' },
      ],
    });
    expect(res.status).toBe(409);
    const rows = res.body.error.details.results.map(
      (r: { status: string; error?: { code: string; details: unknown } }) =>
        r.error
          ? [
              r.error.code,
              Array.isArray(r.error.details) ? problems(r.error.details as never) : r.error.details,
            ]
          : [r.status],
    );
    expect(rows).toEqual([
      [
        'validation_failed',
        [
          ['name', 'invalid_type'],
          ['barcodes.0', 'already_exists'],
        ],
      ],
      ['already_exists', { entity: 'barcode', key: '690000001' }],
      ['validation_failed', [['sku', 'invalid_value']]],
      ['valid'],
    ]);
    expect((await t.call('GET', api('/items/NEW-3'))).status).toBe(404);
  });
});

describe('documents list every problem of every line', () => {
  it('stocktake counts: a wrong type, an unknown sku, a count below zero and a missing mode', async () => {
    const st = await t.call('POST', api('/stocktakes'), { location: 'S1' });
    const res = await t.call('POST', api(`/stocktakes/${st.body.id}/counts`), {
      lines: [
        { sku: 'A', quantity: 'x', mode: 'set' },
        { sku: 'NOPE', quantity: 1, mode: 'set' },
        { barcode: 'CASE-A', quantity: -1, mode: 'add' },
        { sku: 'GONE', quantity: 1 },
      ],
    });
    expect(res.status).toBe(400);
    expect(problems(res.body.error.details)).toEqual([
      ['lines.0.quantity', 'invalid_type'],
      ['lines.3.mode', 'required'],
      ['lines.3.sku', 'unknown_sku'],
      ['lines.1.sku', 'unknown_sku'],
      ['lines.2.quantity', 'count_below_zero'],
    ]);
    expect((await t.call('GET', api(`/stocktakes/${st.body.id}`))).body.totals.counted).toBe(0);
  });

  it('purchase-order receipts: a wrong type, an unknown sku, a line not on the order', async () => {
    const po = await t.call('POST', api('/purchase-orders'), {
      supplier,
      location: 'S2',
      lines: [{ sku: 'A', quantity: 4, unitCost: 2 }],
    });
    const res = await t.call('POST', api(`/purchase-orders/${po.body.id}/receive`), {
      lines: [
        { sku: 'A', quantity: 'x' },
        { sku: 'B', quantity: 1 },
        { sku: 'NOPE', quantity: 'y' },
      ],
    });
    expect(res.status).toBe(400);
    expect(problems(res.body.error.details)).toEqual([
      ['lines.0.quantity', 'invalid_type'],
      ['lines.2.quantity', 'invalid_type'],
      ['lines.2.sku', 'unknown_sku'],
      ['lines.1.sku', 'invalid_value'],
    ]);
  });

  it('transfer receipts: a wrong type beside more than is in transit and a line not on the transfer', async () => {
    const tr = await t.call('POST', api('/transfers'), {
      from: 'S1',
      to: 'S2',
      lines: [{ sku: 'A', quantity: 2 }],
    });
    await t.call('POST', api(`/transfers/${tr.body.id}/ship`), {});
    const res = await t.call('POST', api(`/transfers/${tr.body.id}/receive`), {
      lines: [
        { sku: 'B', quantity: 'x' },
        { sku: 'A', quantity: 3 },
      ],
    });
    expect(res.status).toBe(400);
    expect(problems(res.body.error.details)).toEqual([
      ['lines.0.quantity', 'invalid_type'],
      ['lines.1.quantity', 'too_big'],
      ['lines.0.sku', 'invalid_value'],
    ]);
  });
});

describe('lot errors name their row', () => {
  it('a purchase order received without lots reports every line that lacks one', async () => {
    await t.call('POST', api('/items'), { sku: 'CREAM', name: 'Cream', lotTracked: true });
    const po = await t.call('POST', api('/purchase-orders'), {
      supplier,
      location: 'S1',
      lines: [
        { sku: 'MILK', quantity: 4, unitCost: 2 },
        { sku: 'A', quantity: 1, unitCost: 1 },
        { sku: 'CREAM', quantity: 2, unitCost: 3 },
      ],
    });
    expect(po.body.status).toBe('approved');
    const res = await t.call('POST', api(`/purchase-orders/${po.body.id}/receive`), {
      lines: [
        { sku: 'MILK', quantity: 4 },
        { sku: 'A', quantity: 1 },
        { sku: 'CREAM', quantity: 2 },
      ],
    });
    expect(res.status).toBe(400);
    expect(problems(res.body.error.details)).toEqual([
      ['lines.0.lot', 'lot_required'],
      ['lines.2.lot', 'lot_required'],
    ]);
    expect(res.body.error.details.map((d: { params: { sku: string } }) => d.params.sku)).toEqual([
      'MILK',
      'CREAM',
    ]);
  });
});
