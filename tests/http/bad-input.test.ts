import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let ledgerBefore: string;

/** Everything a bad request could have touched. */
async function snapshot(): Promise<string> {
  const tables = [
    'movements',
    'balances',
    'reservations',
    'items',
    'barcodes',
    'locations',
    'users',
    'idempotency_keys',
  ];
  const parts = [];
  for (const table of tables)
    parts.push((await t.database.client.execute(`SELECT * FROM ${table} ORDER BY 1, 2`)).rows);
  return JSON.stringify(parts);
}

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  await post(t, { type: 'receipt', sku: 'A', quantity: 10, location: 'S1' });
  ledgerBefore = await snapshot();
});
afterAll(() => t.cleanup());

const raw = (path: string, body: string | Uint8Array) =>
  t.call('POST', api(path), undefined, { raw: body });

describe('bad input gets a 4xx with a code and changes nothing', () => {
  it.each([
    ['not JSON', 'type=receipt&sku=A'],
    ['truncated JSON', '{"type":"receipt",'],
    ['a JSON string', '"hello"'],
    ['JSON null', 'null'],
    ['an array', '[1,2,3]'],
  ])('%s', async (_name, body) => {
    const res = await raw('/movements', body);
    expect(res.status).toBe(400);
    expect(['invalid_json', 'validation_failed']).toContain(res.body.error.code);
    expect(typeof res.body.error.message).toBe('string');
  });

  it('broken UTF-8', async () => {
    const bytes = new Uint8Array([
      ...Buffer.from('{"type":"receipt","sku":"'),
      0xc3,
      0x28,
      ...Buffer.from('","quantity":1,"location":"S1"}'),
    ]);
    const res = await raw('/movements', bytes);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_json', details: { reason: 'encoding' } });
  });

  it('JSON nested 100,000 deep', async () => {
    const res = await raw('/movements', '['.repeat(100_000) + ']'.repeat(100_000));
    expect(res.status).toBe(400);
  });

  it('a 1 MB string in a field', async () => {
    const res = await post(t, {
      type: 'receipt',
      sku: 'A',
      quantity: 1,
      location: 'S1',
      reference: 'x'.repeat(1024 * 1024),
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('a long but small-enough string in a field', async () => {
    const res = await post(t, {
      type: 'receipt',
      sku: 'A',
      quantity: 1,
      location: 'S1',
      reason: 'x'.repeat(5000),
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ path: 'reason', code: 'too_big' });
  });

  it.each([
    ['huge', 1e13],
    ['beyond safe integers', 2 ** 60],
    ['negative huge', -1e13],
    ['fractional', 0.1],
    ['NaN as a string', 'NaN'],
    ['a boolean', true],
    ['null', null],
  ])('quantity: %s', async (_name, quantity) => {
    const res = await post(t, { type: 'receipt', sku: 'A', quantity, location: 'S1' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('quantity');
  });

  it('wrong types in every field at once, each reported', async () => {
    const res = await post(t, {
      type: 7,
      sku: ['A'],
      quantity: {},
      location: 3,
      reason: false,
      occurredAt: 5,
    });
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(
      expect.arrayContaining(['type', 'sku', 'quantity', 'location', 'reason', 'occurredAt']),
    );
  });

  it('control characters in a sku', async () => {
    expect((await t.call('POST', api('/items'), { sku: 'A\u0000B', name: 'x' })).status).toBe(400);
  });

  it('validation messages follow Accept-Language', async () => {
    const res = await t.call(
      'POST',
      api('/movements'),
      { type: 'receipt', sku: 'A', location: 'S1' },
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(res.body.error.message).toContain('请求有 1 处问题');
    expect(res.body.error.details[0].message).toBe('quantity: 为必填项');
  });

  it('left the ledger exactly as it was', async () => {
    expect(await snapshot()).toBe(ledgerBefore);
  });
});

describe('strings are stored and returned verbatim', () => {
  it('keeps formula-looking and SQL-looking names as typed', async () => {
    const name = `=HYPERLINK("http://x","y"); DROP TABLE items;-- 中文 'quote' "dq"`;
    const res = await t.call('POST', api('/items'), { sku: 'WEIRD-1', name });
    expect(res.status).toBe(201);
    expect((await t.call('GET', api('/items/WEIRD-1'))).body.name).toBe(name);
    expect((await t.call('GET', api('/items?query=DROP'))).body.items[0].name).toBe(name);
  });
});
