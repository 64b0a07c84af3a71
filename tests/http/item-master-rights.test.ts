import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedShop } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

// Items are shared by every location: a manager of S1 must not rename one for S2.
let t: TestApp;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  tok['scoped'] = await t.user('manager-s1', 'manager', ['S1']);
  tok['unscoped'] = await t.user('manager-all', 'manager');
  tok['clerk'] = await t.user('clerk-all', 'clerk');
  tok['admin'] = await t.user('admin-2', 'admin');
  await t.call('POST', api('/items'), { sku: 'DUP', name: 'duplicate of B' });
});
afterAll(() => t.cleanup());

/** Every change to the item master, as a request that succeeds for someone allowed. */
const changes: Array<[string, (who: string, n: number) => [string, string, unknown]]> = [
  ['create an item', (_w, n) => ['POST', '/items', { sku: `NEW-${n}`, name: 'new' }]],
  [
    'batch upsert (a name)',
    () => ['POST', '/items/batch', { rows: [{ sku: 'A', name: 'Item A renamed' }] }],
  ],
  [
    'batch upsert (lot tracking)',
    (_w, n) => [
      'POST',
      '/items/batch',
      { rows: [{ sku: `LOT-${n}`, name: 'lots', lotTracked: true }] },
    ],
  ],
  [
    'add a barcode',
    (_w, n) => ['POST', '/items/B/barcodes', { code: `690900${n}`, multiplier: 6 }],
  ],
  ['remove a barcode', () => ['DELETE', '/items/A/barcodes/690000001', undefined]],
  ['merge', () => ['POST', '/items/DUP/merge', { into: 'B' }]],
];

describe('who may edit the item master', () => {
  it.each(changes)(
    'a manager scoped to a store may not %s: 403 scoped_manager_cannot_edit_items',
    async (_name, request) => {
      const [method, path, body] = request('scoped', 1);
      const before = await t.call('GET', api('/items?limit=200'));
      const res = await t.call(method, api(path), body, { token: tok['scoped']! });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        code: 'forbidden',
        details: { reason: 'scoped_manager_cannot_edit_items' },
      });
      expect((await t.call('GET', api('/items?limit=200'))).body).toEqual(before.body);
    },
  );

  it.each(changes)('a clerk may not %s: 403 role_cannot_maintain_items', async (_name, request) => {
    const [method, path, body] = request('clerk', 2);
    const res = await t.call(method, api(path), body, { token: tok['clerk']! });
    expect(res.status).toBe(403);
    expect(res.body.error.details.reason).toBe('role_cannot_maintain_items');
  });

  it('a manager without a location scope and an admin may do each of them', async () => {
    const who = ['unscoped', 'admin', 'unscoped', 'admin', 'unscoped', 'admin'];
    for (const [i, [name, request]] of changes.entries()) {
      const [method, path, body] = request(who[i]!, 3 + i);
      const res = await t.call(method, api(path), body, { token: tok[who[i]!]! });
      expect([200, 201], `${name}: ${JSON.stringify(res.body)}`).toContain(res.status);
    }
    expect((await t.call('GET', api('/items/A'))).body.name).toBe('Item A renamed');
  });
});
