import { describe, expect, it } from 'vitest';
import { excelDateToIso, isoToExcelDate, parseWholeNumber } from '../../addin/src/sheet/cells.js';
import {
  movementHeaders,
  outcomes,
  prepareMovements,
} from '../../addin/src/sheet/movements-sheet.js';
import { chunkRows, stockRows } from '../../addin/src/sheet/stock-sheet.js';
import {
  prepareCounts,
  stocktakeHeaders,
  stocktakeRows,
} from '../../addin/src/sheet/stocktake-sheet.js';

const UTC8 = -480; // Beijing: getTimezoneOffset() is −480

describe('cells', () => {
  it.each([
    [46327, '2026-10-31T16:00:00.000Z'], // 2026-11-01 00:00 in Beijing
    [46327.5, '2026-11-01T04:00:00.000Z'], // 12:00 in Beijing
    ['2026-11-01 09:30', '2026-11-01T01:30:00.000Z'],
    ['2026/11/1', '2026-10-31T16:00:00.000Z'],
    ['yesterday', undefined],
    ['', undefined],
    [-3, undefined],
  ])('Excel date %j → %j', (value, iso) => {
    expect(excelDateToIso(value, UTC8)).toBe(iso);
  });

  it('writes dates back as serials in the user zone', () => {
    expect(isoToExcelDate('2026-11-01T04:00:00.000Z', UTC8)).toBe(46327.5);
  });

  it.each([
    [5, 5],
    ['5', 5],
    [' 12 ', 12],
    ['1,200', 1200],
    ['12.0', 12],
    ['１２', 12],
    ['-3', -3],
    [1.5, undefined],
    ['1.5', undefined],
    ['five', undefined],
    ['', undefined],
    [null, undefined],
  ])('whole number %j → %j', (value, n) => {
    expect(parseWholeNumber(value)).toBe(n);
  });
});

describe('the Movements sheet', () => {
  let n = 0;
  const options = { lang: 'en' as const, timezoneOffsetMinutes: UTC8, newKey: () => `k-${++n}` };
  const header = movementHeaders('en');
  const row = (o: Partial<Record<string, unknown>>) =>
    header.map(
      (h) =>
        o[
          {
            Date: 'date',
            Type: 'type',
            'SKU or barcode': 'code',
            Quantity: 'quantity',
            Location: 'location',
            From: 'from',
            To: 'to',
            Reason: 'reason',
            Reference: 'reference',
            Status: 'status',
            Movement: 'movement',
            Key: 'key',
          }[h]!
        ] ?? '',
    );

  it('reads optional lot and expiry columns (Chinese headers), and returns (退货)', () => {
    const zhHeader = [...movementHeaders('zh-CN'), '批次', '有效期'];
    const cells = (o: Record<number, unknown>) => zhHeader.map((_, i) => o[i] ?? '');
    const values = [
      cells({ 1: '收货', 2: 'MILK', 3: 12, 4: 'S1', 12: 'L-2026-11', 13: 46387 }),
      cells({ 1: '退货', 2: 'MILK', 3: 1, 4: 'S1', 12: 'L-2026-11' }),
      cells({ 1: '收货', 2: 'MILK', 3: 1, 4: 'S1', 12: 'L2', 13: '下个月' }),
    ];
    const batch = prepareMovements(zhHeader, values, undefined, {
      ...options,
      lang: 'zh-CN',
      newKey: () => 'k',
    });
    expect(batch.rows.slice(0, 2).map((r) => r.body)).toEqual([
      {
        type: 'receipt',
        sku: 'MILK',
        quantity: 12,
        location: 'S1',
        lot: 'L-2026-11',
        expiresOn: '2026-12-31',
        idempotencyKey: 'k',
      },
      {
        type: 'return',
        sku: 'MILK',
        quantity: 1,
        location: 'S1',
        lot: 'L-2026-11',
        idempotencyKey: 'k',
      },
    ]);
    expect(batch.problems).toEqual([expect.objectContaining({ row: 2, field: 'expiresOn' })]);
  });

  it('turns rows into batch rows, keeping keys, skipping blank and posted rows', () => {
    n = 0;
    const values = [
      row({
        date: 46327.5,
        type: 'receipt',
        code: 'TEA-1',
        quantity: 10,
        location: 'S1',
        reference: 'PO-1',
      }),
      row({}),
      row({ type: '销售', code: '6901234567892', quantity: '2', location: 'S1', key: 'kept-key' }),
      row({ type: 'issue', code: 'TEA-1', quantity: 1, location: 'S1', movement: 42 }),
      row({
        type: 'move',
        code: 1234,
        quantity: '1,000',
        from: 'W1',
        to: '门店一',
        reason: '=HYPERLINK("x")',
      }),
    ];
    const text = values.map((r) => r.map(() => ''));
    text[4]![2] = '001234'; // shown with leading zeros (a "000000" format)
    const batch = prepareMovements(header, values, text, options);
    expect(batch.problems).toEqual([]);
    expect(batch.rows).toEqual([
      {
        row: 0,
        body: {
          type: 'receipt',
          sku: 'TEA-1',
          quantity: 10,
          location: 'S1',
          reference: 'PO-1',
          occurredAt: '2026-11-01T04:00:00.000Z',
          idempotencyKey: 'k-1',
        },
      },
      {
        row: 2,
        body: {
          type: 'issue',
          barcode: '6901234567892',
          quantity: 2,
          location: 'S1',
          idempotencyKey: 'kept-key',
        },
      },
      {
        row: 4,
        body: {
          type: 'move',
          sku: '001234',
          quantity: 1000,
          from: 'W1',
          to: '门店一',
          reason: '=HYPERLINK("x")',
          idempotencyKey: 'k-2',
        },
      },
    ]);
    expect(batch.newKeys).toEqual([
      { row: 0, key: 'k-1' },
      { row: 4, key: 'k-2' },
    ]);
  });

  it('reads a Chinese header and reports its own problems in Chinese', () => {
    const zh = movementHeaders('zh-CN');
    const batch = prepareMovements(
      zh,
      [['', '赠送', 'A', '两个', 'S1', '', '', '', '', '', '', '']],
      undefined,
      { ...options, lang: 'zh-CN' },
    );
    expect(batch.problems.map((p) => [p.field, p.message])).toEqual([
      ['type', '未知类型“赠送”（收货、销售、调整、移库、报废、退货）'],
      ['quantity', '数量“两个”不是整数'],
    ]);
  });

  it('maps the server answer to a status per row and the cells to colour', () => {
    const batch = prepareMovements(
      header,
      [
        row({ type: 'receipt', code: 'A', quantity: 1, location: 'S1' }),
        row({ type: 'issue', code: 'A', quantity: 9, location: 'S1' }),
        row({ type: 'junk', code: 'A', quantity: 1 }),
      ],
      undefined,
      options,
    );
    const results = [
      { index: 0, status: 'posted' as const, movement: { id: 7 } },
      {
        index: 1,
        status: 'rejected' as const,
        error: {
          code: 'insufficient_stock',
          message: 'Not enough stock of A at S1: 9 requested, 1 available.',
        },
      },
    ];
    expect(outcomes(batch, results, 'en')).toEqual([
      { row: 0, ok: true, state: 'posted', status: 'Posted', movementId: 7, badFields: [] },
      {
        row: 1,
        ok: false,
        state: 'refused',
        status: 'Not enough stock of A at S1: 9 requested, 1 available.',
        badFields: ['quantity'],
      },
      {
        row: 2,
        ok: false,
        state: 'refused',
        status: 'Unknown type "junk" (receipt, issue, adjustment, move, scrap, return)',
        badFields: ['type'],
      },
    ]);
    // On Post, a row fine by itself but held back by a refused one says so; a refusal for
    // stock of a row that passed Check gives the figure now.
    const moved = [
      { index: 0, status: 'valid' as const },
      {
        index: 1,
        status: 'rejected' as const,
        error: {
          code: 'insufficient_stock',
          message: 'Not enough stock of A at S1: 9 requested, 1 available.',
          details: { sku: 'A', location: 'S1', requested: 9, available: 1 },
        },
      },
    ];
    const { problems: _, ...checked } = batch;
    expect(
      outcomes({ ...checked, problems: [] }, moved, 'en', {
        posting: true,
        checkedBefore: (row) => row === 1,
      }).map((o) => [o.state, o.status]),
    ).toEqual([
      ['held', 'Not posted: another row was refused'],
      [
        'refused',
        'Stock moved since Check: available now 1. Not enough stock of A at S1: 9 requested, 1 available.',
      ],
    ]);
    expect(
      outcomes({ ...checked, problems: [] }, moved, 'en', { checkedBefore: () => false }).map(
        (o) => [o.state, o.status],
      ),
    ).toEqual([
      ['valid', 'OK'],
      ['refused', 'Not enough stock of A at S1: 9 requested, 1 available.'],
    ]);
    const validation = [
      {
        index: 0,
        status: 'rejected' as const,
        error: {
          code: 'validation_failed',
          message: 'x',
          details: [{ path: 'location', message: 'location: is required' }],
        },
      },
    ];
    expect(
      outcomes({ ...batch, rows: batch.rows.slice(0, 1), problems: [] }, validation, 'en')[0],
    ).toMatchObject({ status: 'location: is required', badFields: ['location'] });
  });
});

describe('the Stock sheet', () => {
  it('writes text as text, flags rows below min, and says out of stock', () => {
    const { values, belowMin } = stockRows(
      [
        {
          sku: 'A',
          name: '=cmd|calc',
          location: 'S1',
          onHand: 3,
          reserved: 1,
          available: 2,
          min: 5,
        },
        { sku: 'B', name: '龙井', location: 'S1', onHand: 0, reserved: 0, available: 0, min: null },
      ],
      'zh-CN',
    );
    expect(values).toEqual([
      ['A', "'=cmd|calc", 'S1', 3, 1, 2, 5, '低于安全库存'],
      ['B', '龙井', 'S1', 0, 0, 0, '', '缺货'],
    ]);
    expect(belowMin).toEqual([0]);
  });

  it('writes 50,000 rows in chunks of at most 5,000 rows and about 4 MB', () => {
    const rows = Array.from({ length: 50_000 }, (_, i) => [
      `SKU-${i}`,
      'x'.repeat(20),
      'S1',
      i,
      0,
      i,
      0,
      'OK',
    ]);
    const chunks = chunkRows(rows);
    expect(chunks).toHaveLength(10);
    expect(chunks.every((c) => c.length <= 5000)).toBe(true);
    expect(chunks.flat()).toEqual(rows);
    const fat = Array.from({ length: 100 }, () => ['y'.repeat(100_000)]);
    const byBytes = chunkRows(fat, { maxBytes: 1_000_000 });
    expect(byBytes.every((c) => JSON.stringify(c).length <= 1_100_000)).toBe(true);
    expect(byBytes.length).toBeGreaterThan(9);
  });
});

describe('the Items sheet', () => {
  it('reads items with barcodes split on commas of either width, keeping leading zeros', async () => {
    const { prepareItems, itemStatuses } = await import('../../addin/src/sheet/items-sheet.js');
    const prepared = prepareItems(
      [
        ['A-1', 'Tea', 'box', 12345],
        ['', '', '', ''],
        ['B-1', '茶杯', '', '0001，0002; 0003'],
      ],
      [
        ['A-1', 'Tea', 'box', '0012345'],
        ['', '', '', ''],
        ['B-1', '茶杯', '', '0001，0002; 0003'],
      ],
    );
    expect(prepared.rows).toEqual([
      { row: 0, body: { sku: 'A-1', name: 'Tea', unit: 'box', barcodes: ['0012345'] } },
      { row: 2, body: { sku: 'B-1', name: '茶杯', barcodes: ['0001', '0002', '0003'] } },
    ]);
    expect(
      itemStatuses(
        prepared,
        [
          { index: 0, status: 'created' },
          {
            index: 1,
            status: 'rejected',
            error: { message: 'x', details: [{ message: 'name: is required' }] },
          },
        ],
        'zh-CN',
      ),
    ).toEqual([
      { row: 0, ok: true, status: '已新建' },
      { row: 2, ok: false, status: 'name: is required' },
    ]);
  });
});

describe('the Transfer request sheet', () => {
  it('makes one transfer per source and target, with one key for its rows', async () => {
    const { prepareTransfers } = await import('../../addin/src/sheet/transfer-sheet.js');
    let n = 0;
    const out = prepareTransfers(
      [
        ['S1', 'S2', 'TEA-1', 5, '周末', '', '', ''],
        ['S1', 'S2', 'CUP-9', '2', '', '', '', ''],
        ['W1', 'S2', 'TEA-1', 1, '', '', '', 'kept'],
        ['S1', 'S2', 'TEA-1', 'lots', '', '', '', ''],
        ['S1', 'S3', 'X', 1, '', '', 12, ''],
      ],
      undefined,
      { lang: 'en', newKey: () => `k${++n}` },
    );
    expect(out.requests).toEqual([
      {
        rows: [0, 1],
        key: 'k1',
        body: {
          from: 'S1',
          to: 'S2',
          note: '周末',
          lines: [
            { sku: 'TEA-1', quantity: 5 },
            { sku: 'CUP-9', quantity: 2 },
          ],
        },
      },
      {
        rows: [2],
        key: 'kept',
        body: { from: 'W1', to: 'S2', lines: [{ sku: 'TEA-1', quantity: 1 }] },
      },
    ]);
    expect(out.problems).toEqual([{ row: 3, message: 'Quantity "lots" is not a whole number' }]);
    expect(out.newKeys).toEqual([
      { row: 0, key: 'k1' },
      { row: 1, key: 'k1' },
      { row: 2, key: 'kept' },
    ]);
  });
});

describe('the stock chart', () => {
  it('puts demand next to the forecast, then the days ahead with gaps where there is no figure', async () => {
    const { demandSeries } = await import('../../addin/src/sheet/stock-chart.js');
    const rows = demandSeries({
      days: [
        { date: '2026-10-31', demand: 12, forecast: null },
        { date: '2026-11-01', demand: 0, forecast: 9.5 },
      ],
      ahead: [{ date: '2026-11-02', forecast: 10.25 }],
    });
    expect(rows).toEqual([
      ['2026-10-31', 12, null],
      ['2026-11-01', 0, 9.5],
      ['2026-11-02', null, 10.25],
    ]);
  });

  it('walks back from today through the daily movements', async () => {
    const { stockSeries } = await import('../../addin/src/sheet/stock-chart.js');
    const series = stockSeries(
      10,
      [
        { date: '2026-11-01', in: 5, out: 2 },
        { date: '2026-10-30', in: 0, out: 4 },
      ],
      4,
      '2026-11-01',
    );
    expect(series).toEqual([
      ['2026-10-29', 11],
      ['2026-10-30', 7],
      ['2026-10-31', 7],
      ['2026-11-01', 10],
    ]);
  });
});

describe('the Stocktake sheet', () => {
  it('sends every counted row as a count, skips blank ones, and refuses what is not a count', () => {
    const values = [
      ['TEA-1', 'Tea', 10, '12', '', ''],
      ['CUP-9', 'Cup', '', '', '', ''],
      [1234, 'Leading zeros', '', 0, '', ''],
      ['BAD', 'Bad', '', '-1', '', ''],
    ];
    const text = values.map((r) => r.map(() => ''));
    text[2]![0] = '001234';
    const { lines, problems } = prepareCounts(values, text, 'zh-CN');
    expect(lines).toEqual([
      { row: 0, sku: 'TEA-1', quantity: 12 },
      { row: 2, sku: '001234', quantity: 0 },
    ]);
    expect(problems).toEqual([{ row: 3, message: '盘点数“-1”应为 0 或正整数' }]);
    expect(stocktakeHeaders('zh-CN')).toEqual(['SKU', '名称', '账面数', '实盘数', '差异', '状态']);
    expect(
      stocktakeRows([{ sku: 'A', name: 'a', book: null, counted: 3, variance: null }]),
    ).toEqual([['A', 'a', '', 3, '', '']]);
  });
});

describe('the Opening stock sheet', () => {
  it('reads rows with costs, lots and expiry days, keeping codes as shown, and skips blank and posted rows', async () => {
    const { prepareOpening, openingHeaders } = await import(
      '../../addin/src/sheet/opening-sheet.js'
    );
    expect(openingHeaders('zh-CN').slice(0, 6)).toEqual([
      'SKU',
      '库位',
      '数量',
      '单位成本',
      '批次',
      '有效期',
    ]);
    const out = prepareOpening(
      [
        [6901234567892, 'W1', 10, 12.5, '', '', '', '', ''],
        ['TEA-1', 'S1', '1,200', '¥1,200.50', 'L-7', 46568, '', '', ''],
        ['', '', '', '', '', '', '', '', ''],
        ['CUP-9', 'S1', 3, '', '', '2027/6/30', '', '', ''],
        ['OLD', 'S1', 3, 1, '', '', 'Posted', 41, 'old-key'],
      ],
      [['06901234567892'], [], [], [], []],
      { lang: 'en', newKey: () => 'k1' },
    );
    expect(out.problems).toEqual([]);
    expect(out.request).toEqual({
      rows: [0, 1, 3],
      key: 'k1',
      body: {
        rows: [
          { sku: '06901234567892', location: 'W1', quantity: 10, unitCost: 12.5 },
          {
            sku: 'TEA-1',
            location: 'S1',
            quantity: 1200,
            unitCost: 1200.5,
            lot: 'L-7',
            expiresOn: '2027-06-30',
          },
          { sku: 'CUP-9', location: 'S1', quantity: 3, expiresOn: '2027-06-30' },
        ],
      },
    });
    expect(out.newKeys).toEqual([
      { row: 0, key: 'k1' },
      { row: 1, key: 'k1' },
      { row: 3, key: 'k1' },
    ]);
  });

  it('keeps the key it wrote, so a sheet sent again is the same request; reports its own problems in Chinese', async () => {
    const { prepareOpening } = await import('../../addin/src/sheet/opening-sheet.js');
    const again = prepareOpening(
      [
        ['A', 'W1', 1, 2, '', '', '', '', 'k1'],
        ['B', 'W1', 1, '', '', '', '', '', 'k1'],
      ],
      undefined,
      { lang: 'en', newKey: () => 'new' },
    );
    expect(again.request?.key).toBe('k1');
    const bad = prepareOpening([['A', '', 'x', 'cheap', '', 'soon', '', '', '']], undefined, {
      lang: 'zh-CN',
      newKey: () => 'new',
    });
    expect(bad.request).toBeUndefined();
    expect(bad.problems).toEqual([
      {
        row: 0,
        message:
          '请填写 SKU 和库位; 数量“x”不是整数; 单位成本“cheap”不是有效金额; 日期“soon”无法识别',
      },
    ]);
  });

  it("writes back each row's movement, or the server's problems on the rows they name", async () => {
    const { openingOutcome } = await import('../../addin/src/sheet/opening-sheet.js');
    const request = { rows: [2, 5], key: 'k', body: { rows: [] } };
    expect(
      openingOutcome(
        request,
        {
          status: 201,
          body: {
            rows: [
              { index: 0, movement: { id: 7 } },
              { index: 1, movement: { id: 8 } },
            ],
          },
        },
        'en',
      ),
    ).toEqual([
      { row: 2, col: 6, value: 'Posted' },
      { row: 2, col: 7, value: 7 },
      { row: 5, col: 6, value: 'Posted' },
      { row: 5, col: 7, value: 8 },
    ]);
    const refused = {
      status: 400,
      body: {
        error: {
          message: 'The request has problems',
          details: [{ path: 'rows.1.sku', message: 'no item has the sku "X"' }],
        },
      },
    };
    expect(openingOutcome(request, refused, 'en')).toEqual([
      { row: 2, col: 6, value: 'Not posted: another row was refused', bad: true },
      { row: 5, col: 6, value: 'sku: no item has the sku "X"', bad: true },
    ]);
  });
});
