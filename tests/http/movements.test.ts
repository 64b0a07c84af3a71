import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
});
afterAll(() => t.cleanup());

describe('POST /movements', () => {
  it('receives, moves, sells, scraps and adjusts, keeping every balance right', async () => {
    const receipt = await post(t, {
      type: 'receipt',
      sku: 'A',
      quantity: 100,
      location: 'W1',
      reference: 'PO-1',
    });
    expect(receipt.status).toBe(201);
    expect(receipt.body).toMatchObject({
      type: 'receipt',
      sku: 'A',
      from: '@supplier',
      to: 'W1',
      quantity: 100,
      actor: 'admin',
      reference: 'PO-1',
    });
    expect(receipt.body.id).toBe(receipt.body.seq);
    expect(receipt.body.postedAt).toBe('2026-11-01T08:00:00.000Z');

    expect(
      (await post(t, { type: 'move', sku: 'A', quantity: 30, from: 'W1', to: 'S1' })).status,
    ).toBe(201);
    expect(
      (await post(t, { type: 'issue', sku: 'A', quantity: 5, location: 'S1' })).body,
    ).toMatchObject({ from: 'S1', to: '@customer' });
    expect(
      (await post(t, { type: 'scrap', sku: 'A', quantity: 1, location: 'S1', reason: 'broken' }))
        .body,
    ).toMatchObject({ to: '@scrap', reason: 'broken' });
    expect(
      (await post(t, { type: 'adjustment', sku: 'A', quantity: -4, location: 'S1' })).body,
    ).toMatchObject({ from: 'S1', to: '@adjustment', quantity: 4 });
    expect(
      (await post(t, { type: 'adjustment', sku: 'A', quantity: 2, location: 'W1' })).body,
    ).toMatchObject({ from: '@adjustment', to: 'W1', quantity: 2 });

    expect(await stockOf(t, 'W1', 'A')).toMatchObject({ onHand: 72, available: 72 });
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ onHand: 20, reserved: 0, available: 20 });
    expect((await t.verify()).mismatches).toEqual([]);
  });

  it('multiplies a pack barcode and keeps the occurredAt the user gave', async () => {
    const res = await post(t, {
      type: 'receipt',
      barcode: 'CASE-A',
      quantity: 2,
      location: 'S2',
      occurredAt: '2026-10-30T09:15:00+08:00',
    });
    expect(res.body).toMatchObject({
      sku: 'A',
      quantity: 24,
      occurredAt: '2026-10-30T01:15:00.000Z',
    });
    expect(
      (await post(t, { type: 'issue', barcode: '690000001', quantity: 1, location: 'S2' })).body
        .quantity,
    ).toBe(1);
  });

  it('refuses to sell more than is available, and changes nothing', async () => {
    const before = await stockOf(t, 'S1', 'A');
    const res = await post(
      t,
      { type: 'issue', sku: 'A', quantity: before.available + 1, location: 'S1' },
      undefined,
    );
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({
      code: 'insufficient_stock',
      details: {
        sku: 'A',
        location: 'S1',
        requested: before.available + 1,
        available: before.available,
      },
    });
    expect(await stockOf(t, 'S1', 'A')).toEqual(before);
    expect(
      (await post(t, { type: 'issue', sku: 'B', quantity: 1, location: 'S1' })).body.error.code,
    ).toBe('insufficient_stock');
  });

  it('answers in Chinese when asked', async () => {
    const res = await t.call(
      'POST',
      api('/movements'),
      { type: 'issue', sku: 'B', quantity: 1, location: 'S1' },
      { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } },
    );
    expect(res.body.error.message).toBe('S1 的 Item B（B） 库存不足：需要 1，可用 0。');
  });

  it.each([
    [{ type: 'receipt', sku: 'NOPE', quantity: 1, location: 'W1' }, 'item'],
    [{ type: 'receipt', barcode: '000', quantity: 1, location: 'W1' }, 'barcode'],
    [{ type: 'receipt', sku: 'A', quantity: 1, location: 'W9' }, 'location'],
    [{ type: 'move', sku: 'A', quantity: 1, from: 'W1', to: 'S9' }, 'location'],
  ])('answers 404 not_found for %j', async (body, entity) => {
    const res = await post(t, body);
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', details: { entity } });
  });

  it.each([
    [
      { type: 'move', sku: 'A', quantity: 1, from: 'S1', to: 'S1' },
      'to',
      'locations_must_be_different',
    ],
    [
      { type: 'receipt', sku: 'A', quantity: 1, location: '@customer' },
      'location',
      'location_must_be_internal',
    ],
    [
      { type: 'receipt', sku: 'A', quantity: -1, location: 'W1' },
      'quantity',
      'quantity_must_be_positive',
    ],
    [
      { type: 'adjustment', sku: 'A', quantity: 0, location: 'W1' },
      'quantity',
      'quantity_must_not_be_zero',
    ],
    [{ type: 'receipt', quantity: 1, location: 'W1' }, 'sku', 'sku_or_barcode_required'],
    [
      { type: 'receipt', sku: 'A', barcode: 'CASE-A', quantity: 1, location: 'W1' },
      'barcode',
      'fields_disagree',
    ],
    [
      { type: 'receipt', barcode: 'CASE-A', quantity: 1e12, location: 'W1' },
      'quantity',
      'quantity_too_large',
    ],
    [{ type: 'receipt', sku: 'A', quantity: 1.5, location: 'W1' }, 'quantity', 'invalid_type'],
    [{ type: 'receipt', sku: 'A', quantity: '5件', location: 'W1' }, 'quantity', 'invalid_type'],
    [{ type: 'receipt', sku: 'A', quantity: 1e12 + 1, location: 'W1' }, 'quantity', 'too_big'],
    [{ type: 'gift', sku: 'A', quantity: 1, location: 'W1' }, 'type', 'invalid_value'],
    [
      { type: 'receipt', sku: 'A', quantity: 1, location: 'W1', colour: 'red' },
      'colour',
      'unrecognized_keys',
    ],
    [
      { type: 'receipt', sku: 'A', quantity: 1, location: 'W1', occurredAt: 'yesterday' },
      'occurredAt',
      'invalid_format',
    ],
    [{ type: 'receipt', sku: 'A', location: 'W1' }, 'quantity', 'required'],
  ])('refuses %j: %s %s', async (body, path, code) => {
    const before = await t.verify();
    const res = await post(t, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details).toContainEqual(expect.objectContaining({ path, code }));
    expect((await t.verify()).movements).toBe(before.movements);
  });

  it('keeps viewers out and clerks inside their locations', async () => {
    const viewer = await t.user('mv-viewer', 'viewer');
    const clerk = await t.user('mv-clerk', 'clerk', ['S1']);
    expect(
      (await post(t, { type: 'receipt', sku: 'B', quantity: 1, location: 'S1' }, viewer)).status,
    ).toBe(403);
    expect(
      (await post(t, { type: 'receipt', sku: 'B', quantity: 1, location: 'S1' }, clerk)).status,
    ).toBe(201);
    const outside = await post(
      t,
      { type: 'receipt', sku: 'B', quantity: 1, location: 'S2' },
      clerk,
    );
    expect(outside.status).toBe(403);
    expect(outside.body.error).toMatchObject({
      code: 'forbidden',
      details: { reason: 'location_out_of_scope' },
    });
    expect(
      (await post(t, { type: 'move', sku: 'B', quantity: 1, from: 'S1', to: 'S2' }, clerk)).status,
    ).toBe(403);
    // Reading stays open to everyone signed in.
    expect(
      (await t.call('GET', api('/stock?location=S2'), undefined, { token: viewer })).status,
    ).toBe(200);
  });
});

describe('POST /movements/:id/reverse', () => {
  it('undoes a movement once, and never a reversal', async () => {
    const receipt = await post(t, { type: 'receipt', sku: 'B', quantity: 7, location: 'W1' });
    const before = await stockOf(t, 'W1', 'B');
    const reversal = await t.call('POST', api(`/movements/${receipt.body.id}/reverse`), {
      reason: 'typo',
    });
    expect(reversal.status).toBe(201);
    expect(reversal.body).toMatchObject({
      type: 'reversal',
      from: 'W1',
      to: '@supplier',
      quantity: 7,
      reverses: receipt.body.id,
      reason: 'typo',
    });
    expect((await stockOf(t, 'W1', 'B')).onHand).toBe(before.onHand - 7);

    const twice = await t.call('POST', api(`/movements/${receipt.body.id}/reverse`));
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('invalid_state');
    expect(
      (await t.call('POST', api(`/movements/${reversal.body.id}/reverse`))).body.error.code,
    ).toBe('invalid_state');
    expect((await t.verify()).ok).toBe(true);
  });

  it('cannot take back stock that has already left', async () => {
    const receipt = await post(t, { type: 'receipt', sku: 'B', quantity: 3, location: 'S2' });
    await post(t, { type: 'issue', sku: 'B', quantity: 3, location: 'S2' });
    const res = await t.call('POST', api(`/movements/${receipt.body.id}/reverse`));
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('insufficient_stock');
  });

  it('answers 404 for an unknown movement and 400 for a bad id', async () => {
    expect((await t.call('POST', api('/movements/999999/reverse'))).status).toBe(404);
    expect((await t.call('POST', api('/movements/abc/reverse'))).status).toBe(400);
  });
});

describe('GET /movements and /stock', () => {
  it('pages movements in seq order, filtered by sku and location', async () => {
    const all = await t.call('GET', api('/movements?limit=1000'));
    const seqs = all.body.items.map((m: { seq: number }) => m.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const page = await t.call('GET', api('/movements?limit=2&afterSeq=1'));
    expect(page.body.items.map((m: { seq: number }) => m.seq)).toEqual([2, 3]);
    expect(page.body.nextAfterSeq).toBe(3);
    const tail = await t.call('GET', api(`/movements?afterSeq=${seqs.at(-1)}`));
    expect(tail.body).toEqual({ items: [], nextAfterSeq: seqs.at(-1) });

    const atS2 = await t.call('GET', api('/movements?location=S2&sku=B&limit=1000'));
    expect(atS2.body.items.length).toBeGreaterThan(0);
    for (const m of atS2.body.items) {
      expect(m.sku).toBe('B');
      expect([m.from, m.to]).toContain('S2');
    }
    expect((await t.call('GET', api('/movements?sku=NOPE'))).status).toBe(404);
    expect((await t.call('GET', api('/movements?limit=0'))).status).toBe(400);
  });

  it('lists stock for internal locations only, in a stable order, with pages', async () => {
    const res = await t.call('GET', api('/stock'));
    expect(res.status).toBe(200);
    const keys = res.body.items.map(
      (r: { location: string; sku: string }) => `${r.location}/${r.sku}`,
    );
    expect(keys).toEqual([...keys].sort());
    expect(keys.some((k: string) => k.startsWith('@'))).toBe(false);
    for (const row of res.body.items) expect(row.available).toBe(row.onHand - row.reserved);

    const first = await t.call('GET', api('/stock?limit=2'));
    const second = await t.call('GET', api(`/stock?limit=2&cursor=${first.body.nextCursor}`));
    expect([...first.body.items, ...second.body.items]).toEqual(res.body.items.slice(0, 4));
    expect((await t.call('GET', api('/stock?cursor=garbage'))).status).toBe(400);

    const bySku = await t.call('GET', api('/stock?sku=A'));
    expect(bySku.body.items.every((r: { sku: string }) => r.sku === 'A')).toBe(true);
    const byLocation = await t.call('GET', api('/stock?location=S1'));
    expect(byLocation.body.items.every((r: { location: string }) => r.location === 'S1')).toBe(
      true,
    );
    expect((await t.call('GET', api('/stock?location=NOPE'))).status).toBe(404);
  });

  it('answers zeros for a pair never touched, and 404 for unknown ones', async () => {
    await t.call('POST', api('/items'), { sku: 'NEW', name: 'never moved' });
    expect(await stockOf(t, 'S1', 'NEW')).toEqual({
      sku: 'NEW',
      location: 'S1',
      onHand: 0,
      reserved: 0,
      available: 0,
      epoch: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect((await t.call('GET', api('/stock/S9/A'))).status).toBe(404);
    expect((await t.call('GET', api('/stock/S1/NOPE'))).status).toBe(404);
  });
});

describe('GET /stock for sheets', () => {
  it('adds names and the min that applies, and filters rows below min', async () => {
    await t.call('PUT', api('/alert-rules'), {
      rules: [{ sku: 'A', location: 'S1', min: 1_000_000 }],
    });
    const res = await t.call('GET', api('/stock?withItem=true&location=S1'));
    expect(res.body.items.find((r: { sku: string }) => r.sku === 'A')).toMatchObject({
      name: 'Item A',
      min: 1_000_000,
    });
    const low = await t.call('GET', api('/stock?withItem=true&belowMin=true'));
    expect(
      low.body.items.map((r: { sku: string; location: string }) => `${r.sku}@${r.location}`),
    ).toEqual(['A@S1']);
    expect((await t.call('GET', api('/stock?location=S1'))).body.items[0]).not.toHaveProperty(
      'name',
    );
  });
});
