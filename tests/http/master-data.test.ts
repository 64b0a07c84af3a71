import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.cleanup());

describe('health and auth', () => {
  it('answers /healthz without a token, at the root and under /api/v1', async () => {
    for (const path of ['/healthz', api('/healthz')]) {
      const res = await t.call('GET', path, undefined, { token: null });
      expect(res).toMatchObject({ status: 200, body: { ok: true } });
    }
  });

  it.each([
    ['no header', null],
    ['a wrong token', 'wrong-token-123'],
  ])('refuses %s with 401 unauthenticated', async (_name, token) => {
    const res = await t.call('GET', api('/locations'), undefined, { token });
    expect(res.status).toBe(401);
    expect(res.body.error.code).toBe('unauthenticated');
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
  });

  it('refuses a malformed Authorization header', async () => {
    const res = await t.call('GET', api('/locations'), undefined, {
      token: null,
      headers: { authorization: 'Basic abc' },
    });
    expect(res.status).toBe(401);
  });

  it('tells the caller who they are', async () => {
    const res = await t.call('GET', api('/me'));
    expect(res.body).toMatchObject({ name: 'admin', role: 'admin', locations: [] });
  });

  it('answers unknown routes with 404 not_found in the error shape', async () => {
    const res = await t.call('GET', api('/nope'));
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('echoes a request id, or makes one', async () => {
    const given = await t.call('GET', '/healthz', undefined, {
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(given.headers.get('x-request-id')).toBe('abc-123');
    const made = await t.call('GET', '/healthz');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('locations', () => {
  it('lists the virtual locations from the first start', async () => {
    const res = await t.call('GET', api('/locations'));
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(
      expect.arrayContaining(
        ['@supplier', '@customer', '@adjustment', '@transit', '@scrap'].map((code) =>
          expect.objectContaining({ code, virtual: true }),
        ),
      ),
    );
  });

  it('creates a store, then refuses its code again', async () => {
    const created = await t.call('POST', api('/locations'), {
      code: 'S1',
      name: '门店一',
      kind: 'store',
    });
    expect(created).toMatchObject({
      status: 201,
      body: { code: 'S1', name: '门店一', kind: 'store', virtual: false },
    });
    const again = await t.call('POST', api('/locations'), { code: 'S1', name: 'x', kind: 'store' });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({
      code: 'already_exists',
      details: { entity: 'location', key: 'S1' },
    });
    const list = await t.call('GET', api('/locations'));
    expect(list.body.items).toContainEqual({
      code: 'S1',
      name: '门店一',
      kind: 'store',
      virtual: false,
      replenishFrom: null,
    });
  });

  it.each([
    [{ code: '@x', name: 'x', kind: 'store' }, 'code'],
    [{ code: 'A B', name: 'x', kind: 'store' }, 'code'],
    [{ code: 'S9', name: 'x', kind: 'customer' }, 'kind'],
    [{ code: 'S9', name: '', kind: 'store' }, 'name'],
    [{ code: 'S9', kind: 'store' }, 'name'],
  ])('refuses %j naming %s', async (body, field) => {
    const res = await t.call('POST', api('/locations'), body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
  });

  it('lets only admins create locations', async () => {
    const manager = await t.user('loc-manager', 'manager');
    const res = await t.call(
      'POST',
      api('/locations'),
      { code: 'S8', name: 'x', kind: 'store' },
      { token: manager },
    );
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('forbidden');
  });
});

describe('items and barcodes', () => {
  it('creates an item with plain and pack barcodes', async () => {
    const res = await t.call('POST', api('/items'), {
      sku: 'TEA-1',
      name: '龙井 Longjing',
      barcodes: ['0001234', { code: 'CASE-TEA', multiplier: 12 }],
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      sku: 'TEA-1',
      name: '龙井 Longjing',
      unit: 'pcs',
      active: true,
      lotTracked: false,
      barcodes: [
        { code: '0001234', multiplier: 1 },
        { code: 'CASE-TEA', multiplier: 12 },
      ],
    });
  });

  it('reads an item, finds it by name, sku and barcode, and resolves barcodes', async () => {
    expect((await t.call('GET', api('/items/TEA-1'))).body.sku).toBe('TEA-1');
    for (const query of ['longjing', 'TEA', '0001234', '龙井']) {
      const found = await t.call('GET', api(`/items?query=${encodeURIComponent(query)}`));
      expect(
        found.body.items.map((i: { sku: string }) => i.sku),
        query,
      ).toEqual(['TEA-1']);
    }
    expect((await t.call('GET', api('/items?query=%25'))).body.items).toEqual([]);
    expect((await t.call('GET', api('/barcodes/CASE-TEA'))).body).toEqual({
      code: 'CASE-TEA',
      sku: 'TEA-1',
      multiplier: 12,
    });
    expect((await t.call('GET', api('/barcodes/0001234'))).body.multiplier).toBe(1);
  });

  it('answers 404 for unknown skus and barcodes', async () => {
    expect((await t.call('GET', api('/items/NOPE'))).status).toBe(404);
    const res = await t.call('GET', api('/barcodes/999'));
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({
      code: 'not_found',
      details: { entity: 'barcode', key: '999' },
    });
  });

  it('refuses a duplicate sku and a barcode that belongs to another item', async () => {
    expect((await t.call('POST', api('/items'), { sku: 'TEA-1', name: 'x' })).body.error.code).toBe(
      'already_exists',
    );
    const reuse = await t.call('POST', api('/items'), {
      sku: 'TEA-2',
      name: 'x',
      barcodes: ['0001234'],
    });
    expect(reuse.status).toBe(409);
    expect(reuse.body.error).toMatchObject({
      code: 'already_exists',
      details: { entity: 'barcode', key: '0001234' },
    });
    expect((await t.call('GET', api('/items/TEA-2'))).status).toBe(404);
  });

  it('refuses a barcode listed twice in one request', async () => {
    const res = await t.call('POST', api('/items'), {
      sku: 'TEA-3',
      name: 'x',
      barcodes: ['55', '55'],
    });
    expect(res.status).toBe(400);
  });

  it('lets managers but not clerks create items', async () => {
    const manager = await t.user('item-manager', 'manager');
    const clerk = await t.user('item-clerk', 'clerk');
    expect(
      (await t.call('POST', api('/items'), { sku: 'M-1', name: 'm' }, { token: manager })).status,
    ).toBe(201);
    expect(
      (await t.call('POST', api('/items'), { sku: 'C-1', name: 'c' }, { token: clerk })).status,
    ).toBe(403);
  });
});

describe('users', () => {
  it('creates a scoped clerk whose token works at once and is stored hashed', async () => {
    const res = await t.call('POST', api('/users'), {
      name: 'li',
      role: 'clerk',
      locations: ['S1'],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'li', role: 'clerk', locations: ['S1'] });
    expect(res.body.token).toMatch(/^inv_/);
    const me = await t.call('GET', api('/me'), undefined, { token: res.body.token });
    expect(me.body).toMatchObject({ name: 'li', role: 'clerk', locations: ['S1'] });
    const stored = await t.database.client.execute('SELECT token_hash FROM api_tokens');
    expect(stored.rows.map((r) => r['token_hash'])).not.toContain(res.body.token);
  });

  it('refuses duplicate names, unknown or virtual locations, and non-admins', async () => {
    expect(
      (await t.call('POST', api('/users'), { name: 'li', role: 'clerk' })).body.error.code,
    ).toBe('already_exists');
    expect(
      (await t.call('POST', api('/users'), { name: 'x1', role: 'clerk', locations: ['NOPE'] }))
        .status,
    ).toBe(404);
    expect(
      (await t.call('POST', api('/users'), { name: 'x2', role: 'clerk', locations: ['@supplier'] }))
        .status,
    ).toBe(400);
    expect((await t.call('POST', api('/users'), { name: 'x3', role: 'owner' })).status).toBe(400);
    const manager = await t.user('u-manager', 'manager');
    expect(
      (await t.call('POST', api('/users'), { name: 'x4', role: 'clerk' }, { token: manager }))
        .status,
    ).toBe(403);
    expect((await t.call('GET', api('/users'), undefined, { token: manager })).status).toBe(403);
    const list = await t.call('GET', api('/users'));
    expect(list.body.items.map((u: { name: string }) => u.name)).toEqual(
      expect.arrayContaining(['admin', 'li']),
    );
  });
});

describe('tokens', () => {
  it('lets an admin issue and revoke tokens; a revoked token stops at once', async () => {
    const created = await t.call('POST', api('/users'), { name: 'tok-user', role: 'viewer' });
    const issued = await t.call('POST', api(`/users/${created.body.id}/tokens`), {
      label: 'phone',
    });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ user: 'tok-user', label: 'phone', revokedAt: null });
    expect((await t.call('GET', api('/me'), undefined, { token: issued.body.token })).status).toBe(
      200,
    );

    // Owners may revoke their own token; others may not.
    const other = await t.user('tok-other', 'clerk');
    expect(
      (await t.call('POST', api(`/tokens/${issued.body.id}/revoke`), {}, { token: other })).status,
    ).toBe(403);
    const revoked = await t.call(
      'POST',
      api(`/tokens/${issued.body.id}/revoke`),
      {},
      { token: issued.body.token },
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    expect((await t.call('GET', api('/me'), undefined, { token: issued.body.token })).status).toBe(
      401,
    );
    expect(
      (await t.call('POST', api(`/tokens/${issued.body.id}/revoke`), {})).body.error.code,
    ).toBe('invalid_state');
    expect((await t.call('POST', api('/users/999999/tokens'), {})).status).toBe(404);
    // The first token of the user still works.
    expect((await t.call('GET', api('/me'), undefined, { token: created.body.token })).status).toBe(
      200,
    );
  });
});

describe('POST /items/batch', () => {
  it('creates new items, updates existing ones, adds barcodes, and reports each row', async () => {
    const res = await t.call('POST', api('/items/batch'), {
      rows: [
        {
          sku: 'IMP-1',
          name: 'Imported one',
          unit: 'box',
          barcodes: ['7700001', { code: 'IMP-CASE', multiplier: 6 }],
        },
        { sku: 'TEA-1', name: '龙井 Longjing (new name)' },
        { sku: 'IMP-2', name: 'Imported two' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual([
      'created',
      'updated',
      'created',
    ]);
    expect((await t.call('GET', api('/items/IMP-1'))).body).toMatchObject({
      unit: 'box',
      barcodes: [{ code: '7700001' }, { code: 'IMP-CASE', multiplier: 6 }],
    });
    expect((await t.call('GET', api('/items/TEA-1'))).body.name).toBe('龙井 Longjing (new name)');
    const again = await t.call('POST', api('/items/batch'), {
      rows: [{ sku: 'IMP-2', name: 'Imported two' }],
    });
    expect(again.body.results[0].status).toBe('unchanged');
  });

  it('refuses the whole atomic batch when one row is wrong, reporting every row', async () => {
    const res = await t.call('POST', api('/items/batch'), {
      rows: [
        { sku: 'IMP-3', name: 'would be new' },
        { sku: 'IMP-4', name: 'steals a barcode', barcodes: ['7700001'] },
        { sku: 'IMP-5' },
      ],
    });
    expect(res.status).toBe(409);
    const results = res.body.error.details.results;
    expect(results.map((r: { status: string }) => r.status)).toEqual([
      'valid',
      'rejected',
      'rejected',
    ]);
    expect(results[1].error.code).toBe('already_exists');
    expect(results[2].error.details[0]).toMatchObject({ path: 'name', code: 'required' });
    expect((await t.call('GET', api('/items/IMP-3'))).status).toBe(404);

    const partial = await t.call('POST', api('/items/batch'), {
      atomic: false,
      rows: [
        { sku: 'IMP-3', name: 'new' },
        { sku: 'IMP-4', name: 'x', barcodes: ['7700001'] },
      ],
    });
    expect(partial.body.results.map((r: { status: string }) => r.status)).toEqual([
      'created',
      'rejected',
    ]);
    expect((await t.call('GET', api('/items/IMP-4'))).status).toBe(404);
  });

  it('sets lot tracking on import, and changes it only while the item has never moved', async () => {
    const res = await t.call('POST', api('/items/batch'), {
      rows: [
        { sku: 'LOT-1', name: 'Yoghurt', lotTracked: true },
        { sku: 'IMP-3', name: 'new', lotTracked: true },
      ],
    });
    expect(
      res.body.results.map((r: { status: string; item: { lotTracked: boolean } }) => [
        r.status,
        r.item.lotTracked,
      ]),
    ).toEqual([
      ['created', true],
      ['updated', true],
    ]);
    await t.call('POST', api('/movements'), {
      type: 'receipt',
      sku: 'LOT-1',
      quantity: 1,
      location: 'S1',
      lot: 'Y1',
      expiresOn: '2027-01-01',
    });
    const locked = await t.call(
      'POST',
      api('/items/batch'),
      { rows: [{ sku: 'LOT-1', name: 'Yoghurt', lotTracked: false }] },
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(locked.body.error.details.results[0].error.details[0]).toMatchObject({
      path: 'lotTracked',
      code: 'lot_tracking_locked',
    });
    expect(locked.body.error.details.results[0].error.details[0].message).toContain('批次管理');
    expect(
      (await t.call('POST', api('/items/batch'), { rows: [{ sku: 'LOT-1', name: 'Yoghurt' }] }))
        .body.results[0].status,
    ).toBe('unchanged');
  });
});
