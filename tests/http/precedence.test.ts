import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULT_CODES, type ResultCode } from '../../core/domain/codes.js';
import { seedShop } from '../helpers/fixtures.js';
import { api, testApp, type CallOptions, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let clerk: string; // a clerk who may write at S1 only
let viewer: string;
let receipt: number; // a receipt already reversed, whose stock is gone
beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  clerk = await t.user('precedence-clerk', 'clerk', ['S1']);
  viewer = await t.user('precedence-viewer', 'viewer');
  const first = await t.call('POST', api('/movements'), {
    type: 'receipt',
    sku: 'A',
    quantity: 5,
    location: 'S1',
  });
  receipt = first.body.id;
  expect((await t.call('POST', api(`/movements/${receipt}/reverse`), {})).status).toBe(201);
  // Keys each user has used once, for a request unlike the ones below.
  for (const token of [clerk, undefined]) {
    const res = await t.call(
      'POST',
      api('/movements'),
      { type: 'receipt', sku: 'B', quantity: 1, location: 'S1' },
      { ...(token ? { token } : {}), headers: { 'idempotency-key': 'used-once' } },
    );
    expect(res.status).toBe(201);
  }
});
afterAll(() => t.cleanup());

interface Row {
  /** The rules the request breaks, the one it must be refused for first. */
  breaks: [ResultCode, ResultCode];
  method: string;
  path: string;
  body?: unknown;
  options?: () => CallOptions;
}

const tooBig = `"${'x'.repeat(1024 * 1024)}"`;
const used = { 'idempotency-key': 'used-once' };

// Each row breaks two rules; the answer must be the first, and the first must come
// first in RESULT_CODES (and so in docs/api.md), so the list is what the server does.
const ROWS: Row[] = [
  {
    breaks: ['payload_too_large', 'unauthenticated'],
    method: 'POST',
    path: '/movements',
    options: () => ({ token: null, raw: tooBig }),
  },
  {
    breaks: ['unauthenticated', 'invalid_json'],
    method: 'POST',
    path: '/movements',
    options: () => ({ token: null, raw: '{"type":' }),
  },
  {
    breaks: ['invalid_json', 'validation_failed'],
    method: 'POST',
    path: '/movements/not-a-number/reverse',
    options: () => ({ raw: '{' }),
  },
  {
    breaks: ['validation_failed', 'idempotency_key_reused'],
    method: 'POST',
    path: '/movements',
    body: { type: 'receipt', sku: 'B', quantity: 'x', location: 'S1' },
    options: () => ({ headers: used }),
  },
  {
    breaks: ['idempotency_key_reused', 'forbidden'],
    method: 'POST',
    path: '/locations',
    body: { code: 'S9', name: 'S9', kind: 'store' },
    options: () => ({ token: clerk, headers: used }),
  },
  {
    breaks: ['forbidden', 'not_found'],
    method: 'POST',
    path: '/movements',
    body: { type: 'receipt', sku: 'NOPE', quantity: 1, location: 'S1' },
    options: () => ({ token: viewer }),
  },
  {
    breaks: ['forbidden', 'already_exists'],
    method: 'POST',
    path: '/items',
    body: { sku: 'A', name: 'again' },
    options: () => ({ token: clerk }),
  },
  {
    breaks: ['not_found', 'already_exists'],
    method: 'POST',
    path: '/items/NOPE/barcodes',
    body: { code: '690000001' },
  },
  {
    breaks: ['invalid_state', 'insufficient_stock'],
    method: 'POST',
    path: '/movements/RECEIPT/reverse',
    body: {},
  },
];

describe('result-code precedence', () => {
  it.each(ROWS.map((row) => [`${row.breaks[0]} before ${row.breaks[1]}`, row] as const))(
    '%s',
    async (_name, row) => {
      const [first, second] = row.breaks;
      expect(
        RESULT_CODES.indexOf(first),
        `${first} must come before ${second} in RESULT_CODES`,
      ).toBeLessThan(RESULT_CODES.indexOf(second));
      const res = await t.call(
        row.method,
        api(row.path.replace('RECEIPT', String(receipt))),
        row.body,
        row.options?.(),
      );
      expect(res.body?.error?.code).toBe(first);
    },
  );

  it('lists every problem of the path, the query, the body and the Idempotency-Key at once', async () => {
    const res = await t.call(
      'POST',
      api('/movements/not-a-number/reverse'),
      { reason: 5 },
      { headers: { 'idempotency-key': '' } },
    );
    expect(res.status).toBe(400);
    expect(
      res.body.error.details.map((d: { path: string; code: string }) => `${d.path}: ${d.code}`),
    ).toEqual(['id: invalid_type', 'reason: invalid_type', 'Idempotency-Key: too_small']);
  });

  // Two orders a single list cannot say, both stated next to RESULT_CODES and in docs/api.md.
  it("checks the role before the service's own field rules, and the location scope after the location is found", async () => {
    // Too many once the case's pack size is known: a rule that needs more than the body.
    const cases = { type: 'receipt', barcode: 'CASE-A', quantity: 100_000_000_000, location: 'S1' };
    expect((await t.call('POST', api('/movements'), cases)).body.error.details).toEqual([
      expect.objectContaining({ path: 'quantity', code: 'quantity_too_large' }),
    ]);
    const negative = await t.call('POST', api('/movements'), cases, { token: viewer });
    expect(negative.body.error.code).toBe('forbidden');
    const elsewhere = await t.call(
      'POST',
      api('/movements'),
      { type: 'receipt', sku: 'NOPE', quantity: 1, location: 'S2' },
      { token: clerk },
    );
    expect(elsewhere.body.error.code).toBe('not_found');
    const known = await t.call(
      'POST',
      api('/movements'),
      { type: 'receipt', sku: 'A', quantity: 1, location: 'S2' },
      { token: clerk },
    );
    expect(known.body.error.code).toBe('forbidden');
  });

  it('is the order docs/api.md gives', () => {
    const doc = readFileSync(resolve(import.meta.dirname, '../../docs/api.md'), 'utf8');
    const listed = [...doc.matchAll(/^\| \d{3} \| `([a-z_]+)` \|/gm)].map((m) => m[1]);
    expect(listed).toEqual(RESULT_CODES.filter((code) => code !== 'internal_error'));
  });
});
