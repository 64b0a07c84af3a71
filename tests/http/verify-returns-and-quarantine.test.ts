import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, cleanEnv } from '../helpers/cli.js';
import { post, seedShop } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

// Issue 13: verify also proves that no sale came back more than it went out (returns
// plus reversal) and that no hold sits on a quarantine. Each check is shown to find a
// row written past the services, straight into the test's database.
let t: TestApp;
let sale: number;
let reversed: number;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  await post(t, { type: 'receipt', sku: 'A', quantity: 20, location: 'S1' });
  sale = (await post(t, { type: 'issue', sku: 'A', quantity: 5, location: 'S1' })).body.id;
  reversed = (await post(t, { type: 'issue', sku: 'A', quantity: 3, location: 'S1' })).body.id;
  await t.call('POST', api(`/movements/${reversed}/reverse`), {});
  const back = await t.call('POST', api('/returns'), {
    location: 'S1',
    inspect: true,
    lines: [{ sku: 'A', quantity: 2, originalMovement: sale }],
  });
  expect(back.status, JSON.stringify(back.body)).toBe(201);
});
afterAll(() => t.cleanup());

const sql = (text: string, args: Array<string | number> = []) =>
  t.database.client.execute({ sql: text, args });

describe('verify', () => {
  it('passes on a ledger written through the services', async () => {
    expect(await t.verify()).toMatchObject({ ok: true, mismatches: [] });
  });

  it('finds a sale whose returns and reversal exceed it', async () => {
    const returnId = Number((await sql('SELECT max(id) AS id FROM returns')).rows[0]!['id']);
    const itemId = Number((await sql("SELECT id FROM items WHERE sku = 'A'")).rows[0]!['id']);
    // 5 sold, 2 returned: 4 more is 6. And 1 against the reversed sale of 3 is 4.
    await sql(
      'INSERT INTO return_lines (return_id, item_id, quantity, original_seq, accepted) VALUES (?, ?, 4, ?, 4), (?, ?, 1, ?, 1)',
      [returnId, itemId, sale, returnId, itemId, reversed],
    );
    const report = await t.verify();
    expect(report.ok).toBe(false);
    expect(report.mismatches).toEqual(
      expect.arrayContaining([
        { rule: 'returns_within_sale', sku: 'A', location: 'S1', expected: 5, actual: 6 },
        { rule: 'returns_within_sale', sku: 'A', location: 'S1', expected: 3, actual: 4 },
      ]),
    );
    expect(report.mismatches).toHaveLength(2);
    // npm run verify says so and exits 1.
    const res = await runCli('verify', [], cleanEnv({ DATABASE_URL: t.url }));
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/returns_within_sale: A at S1: expected 5, found 6/);
    await sql('DELETE FROM return_lines WHERE id > (SELECT min(id) FROM return_lines)');
    expect((await t.verify()).ok).toBe(true);
  });

  it('finds a hold on a quarantine', async () => {
    const at = Number(
      (await sql("SELECT id FROM locations WHERE code = 'S1.quarantine'")).rows[0]!['id'],
    );
    const itemId = Number((await sql("SELECT id FROM items WHERE sku = 'A'")).rows[0]!['id']);
    // The hold and its reserved figure agree, so only the new rule can see it.
    await sql(
      "INSERT INTO reservations (item_id, location_id, quantity, status, created_at, actor_id) VALUES (?, ?, 1, 'pending', 0, 1)",
      [itemId, at],
    );
    await sql('UPDATE balances SET reserved = 1 WHERE item_id = ? AND location_id = ?', [
      itemId,
      at,
    ]);
    const report = await t.verify();
    expect(report.mismatches).toEqual([
      {
        rule: 'no_hold_on_quarantine',
        sku: 'A',
        location: 'S1.quarantine',
        expected: 0,
        actual: 1,
      },
    ]);
    const res = await runCli('verify', [], cleanEnv({ DATABASE_URL: t.url }));
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/no_hold_on_quarantine: A at S1.quarantine: expected 0, found 1/);
  });
});
