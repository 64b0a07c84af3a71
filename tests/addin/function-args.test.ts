import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiClient } from '../../addin/src/api-client.js';
import { codeArgument, dayArgument } from '../../addin/src/functions/args.js';
import { testApp, type TestApp } from '../helpers/test-app.js';

/*
 * What Excel hands a workbook function: numbers for codes typed as numbers (a store
 * called 101), text with the spaces typed, null or "" for empty cells and omitted
 * arguments, a 2-D array for a range. Every INV.* function is called with each, against
 * the real app on a temp-file database (the pane's ApiClient over the app's fetch), with
 * a stand-in for Excel's CustomFunctions global as the add-in's shared runtime has it.
 */

describe('codeArgument', () => {
  it.each([
    [101, true, { ok: true, value: '101' }],
    [' TEA-1 ', true, { ok: true, value: 'TEA-1' }],
    ['TEA-1', false, { ok: true, value: 'TEA-1' }],
    [0, true, { ok: true, value: '0' }],
    [[['S1']], false, { ok: true, value: 'S1' }],
    [[[101]], false, { ok: true, value: '101' }],
    [null, false, { ok: true, value: undefined }],
    [undefined, false, { ok: true, value: undefined }],
    ['', false, { ok: true, value: undefined }],
    ['   ', false, { ok: true, value: undefined }],
    [[[null]], false, { ok: true, value: undefined }],
    [null, true, { ok: false, problem: 'missing' }],
    ['  ', true, { ok: false, problem: 'missing' }],
    [[['']], true, { ok: false, problem: 'missing' }],
    [[['A'], ['B']], true, { ok: false, problem: 'range' }],
    [[['A', 'B']], false, { ok: false, problem: 'range' }],
  ])('%j (required %s) → %j', (value, required, read) => {
    expect(codeArgument(value, required)).toEqual(read);
  });
});

describe('dayArgument', () => {
  it.each([
    [46327, { ok: true, value: '2026-11-01' }],
    [46327.75, { ok: true, value: '2026-11-01' }],
    ['2026-11-01', { ok: true, value: '2026-11-01' }],
    [' 2026/11/1 ', { ok: true, value: '2026-11-01' }],
    [[[46357]], { ok: true, value: '2026-12-01' }],
    ['2026-02-30', { ok: false, problem: 'notADate' }],
    ['last month', { ok: false, problem: 'notADate' }],
    [-1, { ok: false, problem: 'notADate' }],
    [null, { ok: false, problem: 'missing' }],
    ['', { ok: false, problem: 'missing' }],
    [[[46327], [46328]], { ok: false, problem: 'range' }],
  ])('%j → %j', (value, read) => {
    expect(dayArgument(value)).toEqual(read);
  });
});

class FakeError {
  constructor(
    readonly code: string,
    readonly message?: string,
  ) {}
}
const g = globalThis as Record<string, unknown>;
g['CustomFunctions'] = {
  Error: FakeError,
  ErrorCode: { notAvailable: '#N/A', invalidValue: '#VALUE!' },
  associate: () => {},
};
const fns = await import('../../addin/src/functions/functions.js');

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  for (const [code, name] of [
    ['S1', '门店一'],
    ['101', '一〇一店'],
  ])
    expect((await t.call('POST', '/api/v1/locations', { code, name, kind: 'store' })).status).toBe(
      201,
    );
  for (const sku of ['TEA-1', '2001'])
    expect((await t.call('POST', '/api/v1/items', { sku, name: `item ${sku}` })).status).toBe(201);
  const receive = (sku: string, location: string, quantity: number, unitCost: number) =>
    t.call('POST', '/api/v1/movements', { type: 'receipt', sku, location, quantity, unitCost });
  await receive('TEA-1', 'S1', 7, 2);
  await receive('TEA-1', '101', 5, 2);
  await receive('2001', '101', 3, 10);
  expect(
    (
      await t.call('PUT', '/api/v1/alert-rules', {
        rules: [{ sku: '2001', location: '101', min: 10 }],
      })
    ).status,
  ).toBe(200);
});
afterAll(async () => {
  fns.useApi(undefined);
  await t?.cleanup();
});

function signIn(lang: 'en' | 'zh-CN' = 'en') {
  fns.useApi(
    apiClient({
      baseUrl: 'http://ledger.test',
      token: 'test-admin-token-0001',
      lang,
      fetch: (url, init) => Promise.resolve(t.app.request(String(url), init)),
    }),
    { pollMs: 60_000, lang },
  );
}
afterEach(() => fns.useApi(undefined));

/** Calls a streaming function once and waits for its first answer. */
function first(
  fn: (...args: any[]) => void,
  ...args: unknown[]
): Promise<number | { code: string; message?: string }> {
  return new Promise((resolve) => {
    const invocation = {
      setResult: (v: number | FakeError) => {
        invocation.onCanceled?.();
        resolve(v);
      },
      onCanceled: undefined as undefined | (() => void),
    };
    fn(...args, invocation);
  });
}

describe('every INV.* function with what Excel passes', () => {
  it.each([
    ['STOCK', 'stock'],
    ['AVAILABLE', 'available'],
  ] as const)('INV.%s: numbers, spaces, empty cells and ranges', async (_name, key) => {
    signIn();
    const fn = fns[key];
    expect(await first(fn, 'TEA-1', 101)).toBe(5);
    expect(await first(fn, ' TEA-1 ', ' S1 ')).toBe(7);
    expect(await first(fn, 2001, '101')).toBe(3);
    expect(await first(fn, [['TEA-1']], [[101]])).toBe(5);
    // An empty location cell, or none: every location.
    expect(await first(fn, 'TEA-1', null)).toBe(12);
    expect(await first(fn, 'TEA-1', '')).toBe(12);
    expect(await first(fn, 'TEA-1', undefined)).toBe(12);
    expect(await first(fn, null, 'S1')).toEqual({ code: '#VALUE!', message: 'SKU is needed' });
    expect(await first(fn, [['TEA-1'], ['2001']], 'S1')).toEqual({
      code: '#VALUE!',
      message: 'SKU: give one cell, not a range (fill the formula down for more)',
    });
    expect(await first(fn, 'TEA-1', [['S1', '101']])).toMatchObject({
      code: '#VALUE!',
      message: expect.stringMatching(/^Location: give one cell/),
    });
    expect(await first(fn, 'NOPE', 101)).toMatchObject({ code: '#N/A' });
  });

  it('INV.BELOWMIN: numbers, spaces, empty cells and ranges', async () => {
    signIn();
    expect(await fns.belowMin(101)).toEqual([['2001', '101', 3, 10]]);
    expect(await fns.belowMin(' 101 ')).toEqual([['2001', '101', 3, 10]]);
    expect(await fns.belowMin(null)).toEqual([['2001', '101', 3, 10]]);
    expect(await fns.belowMin('')).toEqual([['2001', '101', 3, 10]]);
    expect(await fns.belowMin('S1')).toEqual([['', '', '', '']]);
    await expect(fns.belowMin([['S1'], ['101']])).rejects.toMatchObject({
      code: '#VALUE!',
      message: expect.stringMatching(/^Location: give one cell/),
    });
  });

  it('INV.VALUE: numbers, spaces, empty cells and ranges', async () => {
    signIn();
    expect(await first(fns.value, 101)).toBe(5 * 2 + 3 * 10);
    expect(await first(fns.value, ' S1 ')).toBe(14);
    expect(await first(fns.value, null)).toBe(54);
    expect(await first(fns.value, '')).toBe(54);
    expect(await first(fns.value, [['S1']])).toBe(14);
    expect(await first(fns.value, [['S1'], ['101']])).toMatchObject({ code: '#VALUE!' });
    expect(await first(fns.value, 'NOPE')).toMatchObject({ code: '#N/A' });
  });

  it('says what is wrong in Chinese when Excel speaks Chinese', async () => {
    signIn('zh-CN');
    expect(await first(fns.stock, '', 'S1')).toEqual({ code: '#VALUE!', message: '请填写SKU' });
    expect(await first(fns.stock, 'TEA-1', [[1], [2]])).toEqual({
      code: '#VALUE!',
      message: '库位：请引用一个单元格，不能是区域（多行请向下填充公式）',
    });
  });

  it('answers #N/A "sign in" when nobody is signed in', async () => {
    fns.useApi(undefined);
    expect(await first(fns.stock, 'TEA-1', 101)).toMatchObject({ code: '#N/A' });
  });
});
