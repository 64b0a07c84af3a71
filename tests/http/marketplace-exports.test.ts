import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/*
 * Marketplace exports as they really arrive: GBK-encoded, with order numbers that
 * Excel turned into scientific notation or that Taobao guarded as ="…" formulas.
 */

let t: TestApp;
const HEADER = '订单编号,商家编码,购买数量,订单状态,付款时间';
const gbk = (text: string) => iconv.encode(text, 'gb18030').toString('base64');
const utf8 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const importCsv = (body: Record<string, unknown>, lang = 'zh-CN') =>
  t.call('POST', api('/channels/taobao/imports'), body, { headers: { 'accept-language': lang } });
const statuses = (reply: { body: { results: Array<{ row: number; status: string }> } }) =>
  reply.body.results.map((r) => [r.row, r.status]);

beforeAll(async () => {
  t = await testApp();
  // After the exports' payment times: an order placed in the future is refused.
  t.clock.now = Date.parse('2026-11-05T12:00:00Z');
  await seedShop(t);
  await t.call('POST', api('/movements'), {
    type: 'receipt',
    sku: 'A',
    quantity: 100,
    location: 'W1',
  });
  await t.call('PUT', api('/channels/taobao'), {
    name: '淘宝',
    kind: 'marketplace',
    locations: ['W1'],
  });
  await t.call('PUT', api('/channels/taobao/listings'), {
    listings: [{ productCode: 'TB-A', sku: 'A' }],
  });
  const mapping = await t.call('PUT', api('/channels/taobao/csv-mapping'), {
    orderId: '订单编号',
    productCode: '商家编码',
    quantity: '购买数量',
    status: '订单状态',
    time: '付款时间',
    statuses: { 买家已付款: 'paid', 交易关闭: 'cancelled' },
  });
  expect(mapping.status).toBe(200);
});
afterAll(() => t.cleanup());

describe('GBK exports', () => {
  it('reads a GBK (GB18030) file sent as bytes, found by itself, and the same file in UTF-8', async () => {
    const file = [HEADER, 'G-1001,TB-A,1,买家已付款,2026-11-01 10:00'].join('\r\n');
    const first = await importCsv({ csvBase64: gbk(file) });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(statuses(first)).toEqual([[2, 'held']]);
    // The same export in UTF-8 (with Excel's byte order mark) is the same order: unchanged.
    expect(statuses(await importCsv({ csvBase64: utf8(`\uFEFF${file}`) }))).toEqual([
      [2, 'unchanged'],
    ]);
    expect(statuses(await importCsv({ csv: file }))).toEqual([[2, 'unchanged']]);
  });

  it('says the encoding may be wrong when the header matches no column, in both languages', async () => {
    // A GBK file read as if it were UTF-8 by a client: the header is mojibake.
    const file = [HEADER, 'G-1002,TB-A,1,买家已付款,2026-11-01 10:00'].join('\r\n');
    const garbled = new TextDecoder('utf-8').decode(iconv.encode(file, 'gb18030'));
    const zh = await importCsv({ csv: garbled });
    expect(zh.status).toBe(400);
    expect(zh.body.error.details).toEqual([
      expect.objectContaining({ path: 'csv', code: 'csv_header_unrecognised' }),
    ]);
    expect(zh.body.error.details[0].message).toContain('编码可能不是 UTF-8');
    const en = await importCsv({ csv: garbled }, 'en');
    expect(en.body.error.details[0].message).toContain('may not be UTF-8');
    // Forcing the wrong encoding on the bytes says so too, naming the encoding it used.
    await t.call('PUT', api('/channels/jd'), {
      name: '京东',
      kind: 'marketplace',
      locations: ['W1'],
    });
    await t.call('PUT', api('/channels/jd/csv-mapping'), {
      orderId: '订单编号',
      productCode: '商家编码',
      quantity: '购买数量',
      encoding: 'utf-8',
    });
    const forced = await t.call('POST', api('/channels/jd/imports'), { csvBase64: gbk(file) });
    expect(forced.body.error.details[0]).toMatchObject({
      code: 'csv_header_unrecognised',
      params: { encoding: 'UTF-8' },
    });
    expect(await stockOf(t, 'W1', 'A')).toMatchObject({ reserved: 1 });
  });

  it('wants exactly one of csv and csvBase64', async () => {
    expect((await importCsv({})).body.error.details).toEqual([
      expect.objectContaining({ path: 'csv', code: 'required' }),
    ]);
    expect((await importCsv({ csv: HEADER, csvBase64: utf8(HEADER) })).body.error.details).toEqual([
      expect.objectContaining({ path: 'csvBase64', code: 'fields_exclusive' }),
    ]);
    expect((await importCsv({ csvBase64: '%%%' })).status).toBe(400);
  });
});

describe('order numbers Excel has touched', () => {
  it('refuses ids in scientific notation per row, saying to export the column as text, and never merges two of them', async () => {
    const before = await stockOf(t, 'W1', 'A');
    const file = [
      HEADER,
      '3.921E+18,TB-A,1,买家已付款,2026-11-02 09:00',
      '3.921E+18,TB-A,2,买家已付款,2026-11-02 09:30',
      'G-2001,TB-A,1,买家已付款,2026-11-02 09:40',
    ].join('\n');
    const reply = await importCsv({ csvBase64: gbk(file) });
    expect(statuses(reply)).toEqual([
      [2, 'rejected'],
      [3, 'rejected'],
      [4, 'held'],
    ]);
    const error = reply.body.results[0].error;
    expect(error.details).toEqual([
      expect.objectContaining({ path: 'rows.2.订单编号', code: 'order_id_mangled' }),
    ]);
    expect(error.message).toContain('科学计数法');
    expect(error.message).toContain('文本');
    expect(reply.body.results[0].orderId).toBeNull();
    expect(await stockOf(t, 'W1', 'A')).toMatchObject({ reserved: before.reserved + 1 });
  });

  it('unwraps Taobao\'s ="…" guard and Excel\'s text prefix to the digits', async () => {
    const file = [
      HEADER,
      '="3921000000000000011",TB-A,1,买家已付款,2026-11-03 09:00',
      "'3921000000000000012,TB-A,1,买家已付款,2026-11-03 09:05",
    ].join('\n');
    expect(statuses(await importCsv({ csv: file }))).toEqual([
      [2, 'held'],
      [3, 'held'],
    ]);
    expect(
      (await t.call('GET', api('/channels/taobao/orders/3921000000000000011'))).body,
    ).toMatchObject({ status: 'held', orderId: '3921000000000000011' });
    expect((await t.call('GET', api('/channels/taobao/orders/3921000000000000012'))).status).toBe(
      200,
    );
    // The plain digits name the same orders.
    const plain = [HEADER, '3921000000000000011,TB-A,1,买家已付款,2026-11-03 09:00'].join('\n');
    expect(statuses(await importCsv({ csv: plain }))).toEqual([[2, 'unchanged']]);
  });

  it('never reports "unchanged" for a row whose lines or time differ from the stored order', async () => {
    const file = [HEADER, 'G-3001,TB-A,1,买家已付款,2026-11-04 09:00'].join('\n');
    expect(statuses(await importCsv({ csv: file }))).toEqual([[2, 'held']]);
    const otherTime = [HEADER, 'G-3001,TB-A,1,买家已付款,2026-11-04 11:00'].join('\n');
    const otherLines = [HEADER, 'G-3001,TB-A,3,买家已付款,2026-11-04 09:00'].join('\n');
    const cancelOther = [HEADER, 'G-3001,TB-A,2,交易关闭,2026-11-04 09:00'].join('\n');
    for (const changed of [otherTime, otherLines, cancelOther]) {
      const reply = await importCsv({ csv: changed });
      expect(statuses(reply)).toEqual([[2, 'rejected']]);
      expect(reply.body.results[0].error).toMatchObject({
        code: 'already_exists',
        details: { orderId: 'G-3001', status: 'held' },
      });
    }
    expect((await t.call('GET', api('/channels/taobao/orders/G-3001'))).body).toMatchObject({
      status: 'held',
      lines: [{ productCode: 'TB-A', quantity: 1 }],
    });
    // Through the API the same: another time under a used id is another order.
    const api2 = await t.call('POST', api('/channels/taobao/orders'), {
      orderId: 'G-3001',
      lines: [{ productCode: 'TB-A', quantity: 1 }],
      placedAt: '2026-11-04T05:00:00Z',
    });
    expect(api2.status).toBe(409);
    expect((await t.verify()).ok).toBe(true);
  });
});
