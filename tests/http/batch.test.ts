import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
});
afterAll(() => t.cleanup());

const batch = (body: unknown, headers: Record<string, string> = {}) =>
  t.call('POST', api('/movements/batch'), body, { headers });
const movementCount = async () => (await t.verify()).movements;

describe('POST /movements/batch', () => {
  it('posts every row of an atomic batch in order', async () => {
    const res = await batch({
      rows: [
        { type: 'receipt', sku: 'A', quantity: 10, location: 'W1' },
        { type: 'move', sku: 'A', quantity: 4, from: 'W1', to: 'S1' },
        { type: 'issue', sku: 'A', quantity: 4, location: 'S1' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.posted).toBe(3);
    expect(
      res.body.results.map((r: { index: number; status: string }) => [r.index, r.status]),
    ).toEqual([
      [0, 'posted'],
      [1, 'posted'],
      [2, 'posted'],
    ]);
    expect(res.body.results[1].movement).toMatchObject({
      type: 'move',
      from: 'W1',
      to: 'S1',
      quantity: 4,
    });
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ onHand: 0 });
  });

  it('rejects the whole atomic batch, reporting every failing row, and posts nothing', async () => {
    const before = await movementCount();
    const res = await batch({
      rows: [
        { type: 'receipt', sku: 'A', quantity: 1, location: 'W1' },
        { type: 'issue', sku: 'A', quantity: 1000, location: 'W1' },
        { type: 'receipt', sku: 'NOPE', quantity: 1, location: 'W1' },
        { type: 'receipt', sku: 'B', quantity: 1, location: 'W1' },
      ],
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('batch_rejected');
    const results = res.body.error.details.results;
    expect(results.map((r: { status: string }) => r.status)).toEqual([
      'valid',
      'rejected',
      'rejected',
      'valid',
    ]);
    expect(results[1].error).toMatchObject({
      code: 'insufficient_stock',
      details: { requested: 1000, available: 7 },
    });
    expect(results[2].error).toMatchObject({
      code: 'not_found',
      details: { entity: 'item', key: 'NOPE' },
    });
    expect(typeof results[2].error.message).toBe('string');
    expect(await movementCount()).toBe(before);
  });

  it('refuses malformed rows of an atomic batch with every problem of every row', async () => {
    const before = await movementCount();
    const res = await batch({
      rows: [
        { type: 'receipt', sku: 'A', quantity: 1, location: 'W1' },
        { type: 'receipt', sku: 'A', quantity: 'many', location: 'W1' },
        { type: 'teleport', sku: 'A', quantity: 1.5 },
      ],
    });
    // Malformed rows are refused beside the others' outcomes: one answer for the batch.
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('batch_rejected');
    const results = res.body.error.details.results;
    expect(results.map((r: { status: string }) => r.status)).toEqual([
      'valid',
      'rejected',
      'rejected',
    ]);
    const paths = (r: { error: { details: Array<{ path: string }> } }) =>
      r.error.details.map((d) => d.path);
    expect(results[1].error.code).toBe('validation_failed');
    expect(paths(results[1])).toEqual(['quantity']);
    expect(paths(results[2])).toEqual(expect.arrayContaining(['type', 'quantity']));
    expect(await movementCount()).toBe(before);
  });

  it('with atomic:false posts the good rows and reports the bad ones', async () => {
    const before = await stockOf(t, 'S2', 'B');
    const res = await batch({
      atomic: false,
      rows: [
        { type: 'receipt', sku: 'B', quantity: 5, location: 'S2' },
        { type: 'issue', sku: 'B', quantity: 500, location: 'S2' },
        { type: 'receipt', sku: 'B', quantity: 'x', location: 'S2' },
        { type: 'issue', sku: 'B', quantity: 2, location: 'S2' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.posted).toBe(2);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
      'posted',
      'rejected',
      'rejected',
      'posted',
    ]);
    expect(res.body.results[1].error.code).toBe('insufficient_stock');
    expect(res.body.results[2].error).toMatchObject({
      code: 'validation_failed',
      details: [expect.objectContaining({ path: 'quantity' })],
    });
    expect((await stockOf(t, 'S2', 'B')).onHand).toBe(before.onHand + 3);
  });

  it('checks rows in a dry run and keeps nothing', async () => {
    const before = await movementCount();
    const res = await batch({
      dryRun: true,
      rows: [
        { type: 'receipt', sku: 'A', quantity: 3, location: 'S1' },
        { type: 'issue', sku: 'A', quantity: 3, location: 'S1' },
        { type: 'issue', sku: 'A', quantity: 1, location: 'S1' },
        { type: 'receipt', sku: 'A', quantity: -3, location: 'S1' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ posted: 0, dryRun: true });
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
      'valid',
      'valid',
      'rejected',
      'rejected',
    ]);
    expect(res.body.results[3].error.details[0]).toMatchObject({
      path: 'quantity',
      code: 'quantity_must_be_positive',
    });
    expect(await movementCount()).toBe(before);
  });

  it('never posts a row twice that carries its own idempotency key', async () => {
    const rows = [
      { type: 'receipt', sku: 'B', quantity: 2, location: 'W1', idempotencyKey: 'sheet-row-1' },
      { type: 'receipt', sku: 'B', quantity: 3, location: 'W1', idempotencyKey: 'sheet-row-2' },
    ];
    const first = await batch({ rows });
    expect(first.body.posted).toBe(2);
    const before = await stockOf(t, 'W1', 'B');
    const again = await batch({
      rows: [
        ...rows,
        { type: 'receipt', sku: 'B', quantity: 4, location: 'W1', idempotencyKey: 'sheet-row-3' },
      ],
    });
    expect(again.status).toBe(200);
    expect(again.body.posted).toBe(1);
    expect(again.body.results[0]).toMatchObject({
      status: 'posted',
      replayed: true,
      movement: { id: first.body.results[0].movement.id },
    });
    expect((await stockOf(t, 'W1', 'B')).onHand).toBe(before.onHand + 4);

    const changed = await batch({ rows: [{ ...rows[0], quantity: 99 }] });
    expect(changed.status).toBe(409);
    expect(changed.body.error.details.results[0].error.code).toBe('idempotency_key_reused');
  });

  it.each([
    [{ rows: [] }, 'rows'],
    [{ rows: 'all of them' }, 'rows'],
    [{}, 'rows'],
    [{ rows: [{}], atomic: 'yes' }, 'atomic'],
    [{ rows: [{}], extra: 1 }, 'extra'],
  ])('refuses the envelope %j', async (body, path) => {
    const res = await batch(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it('refuses 11,000 rows and changes nothing', async () => {
    const before = await movementCount();
    const rows = Array.from({ length: 11_000 }, () => ({
      type: 'receipt',
      sku: 'A',
      quantity: 1,
      location: 'W1',
    }));
    const res = await batch({ rows });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({
      path: 'rows',
      code: 'too_big',
      params: { maximum: 10000 },
    });
    expect(await movementCount()).toBe(before);
  });

  it('posts 10,000 rows in one go', async () => {
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      type: 'receipt',
      sku: i % 2 ? 'A' : 'B',
      quantity: 1,
      location: 'S1',
    }));
    const before = await stockOf(t, 'S1', 'A');
    const res = await batch({ rows });
    expect(res.status).toBe(200);
    expect(res.body.posted).toBe(10_000);
    expect((await stockOf(t, 'S1', 'A')).onHand).toBe(before.onHand + 5000);
    expect((await t.verify()).mismatches).toEqual([]);
  });
});

describe('figures the ledger cannot hold', () => {
  it('refuses a posting that would take a balance beyond safe integers, and changes nothing', async () => {
    await t.call('POST', api('/items'), { sku: 'HUGE', name: 'huge' });
    const rows = Array.from({ length: 9008 }, () => ({
      type: 'receipt',
      sku: 'HUGE',
      quantity: 1e12,
      location: 'W1',
    }));
    const before = await movementCount();
    const res = await batch({ rows });
    expect(res.status).toBe(409);
    const refused = res.body.error.details.results.filter(
      (r: { status: string }) => r.status === 'rejected',
    );
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0].error.code).toBe('quantity_limit_exceeded');
    expect(await movementCount()).toBe(before);
    expect((await t.verify()).ok).toBe(true);
  });
});
