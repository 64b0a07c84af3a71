import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

// Issue 13: a sale cannot come back twice. A return against a sale is bounded by what
// was sold, less what came back already, less what was reversed; a sale with returns
// against it cannot be reversed; returns that name no sale need a manager.
let t: TestApp;
let clerk: string;
let manager: string;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  clerk = await t.user('bounds-clerk', 'clerk', ['S1']);
  manager = await t.user('bounds-manager', 'manager', ['S1']);
  await post(t, { type: 'receipt', sku: 'A', quantity: 10, location: 'S1' });
  await post(t, { type: 'receipt', sku: 'B', quantity: 10, location: 'S1' });
});
afterAll(() => t.cleanup());

const sell = async (sku: string, quantity: number) => {
  const res = await post(t, { type: 'issue', sku, quantity, location: 'S1' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as number;
};
const giveBack = (sku: string, quantity: number, originalMovement: number, token?: string) =>
  t.call(
    'POST',
    api('/returns'),
    { location: 'S1', lines: [{ sku, quantity, originalMovement }] },
    token ? { token } : {},
  );

describe('a sale comes back once', () => {
  it('refuses a return against a sale that was reversed', async () => {
    const sale = await sell('A', 5);
    const reversed = await t.call('POST', api(`/movements/${sale}/reverse`), {});
    expect(reversed.status, JSON.stringify(reversed.body)).toBe(201);
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ onHand: 10 });
    const again = await giveBack('A', 5, sale);
    expect(again.status, JSON.stringify(again.body)).toBe(400);
    expect(again.body.error.details).toEqual([
      expect.objectContaining({
        path: 'lines.0.quantity',
        code: 'more_than_sold',
        params: expect.objectContaining({ sold: 5, returned: 0, reversed: 5 }),
      }),
    ]);
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ onHand: 10 });
    expect((await t.verify()).ok).toBe(true);
  });

  it('refuses reversing a sale that has returns against it, naming the returns', async () => {
    const sale = await sell('A', 5);
    const back = await giveBack('A', 2, sale);
    expect(back.status, JSON.stringify(back.body)).toBe(201);
    const reversal = await t.call('POST', api(`/movements/${sale}/reverse`), {});
    expect(reversal.status, JSON.stringify(reversal.body)).toBe(409);
    expect(reversal.body.error).toMatchObject({
      code: 'already_returned',
      details: { movement: sale, sku: 'A', sold: 5, returned: 2, returns: [back.body.id] },
    });
    expect(reversal.body.error.message).toContain(String(back.body.id));
    const zh = await t.call(
      'POST',
      api(`/movements/${sale}/reverse`),
      {},
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(zh.body.error.message).toMatch(/退货/);
    // 5 sold, 2 back: on hand is 10 − 5 + 2, not 10 + 2.
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ onHand: 7 });
    // What is left of the sale may still come back.
    expect((await giveBack('A', 3, sale)).status).toBe(201);
    expect((await giveBack('A', 1, sale)).status).toBe(400);
    expect((await t.verify()).ok).toBe(true);
  });

  it('counts the lines of one return together', async () => {
    const sale = await sell('B', 3);
    const twice = await t.call('POST', api('/returns'), {
      location: 'S1',
      lines: [
        { sku: 'B', quantity: 2, originalMovement: sale },
        { sku: 'B', quantity: 2, originalMovement: sale },
      ],
    });
    expect(twice.status).toBe(400);
    expect(twice.body.error.details[0]).toMatchObject({ path: 'lines.1.quantity' });
  });
});

describe('returns that name no sale', () => {
  it('lets a clerk return against a sale, but only a manager or admin without one', async () => {
    const sale = await sell('B', 2);
    expect((await giveBack('B', 1, sale, clerk)).status).toBe(201);
    const bare = { location: 'S1', lines: [{ sku: 'B', quantity: 1 }] };
    const refused = await t.call('POST', api('/returns'), bare, { token: clerk });
    expect(refused.status, JSON.stringify(refused.body)).toBe(403);
    expect(refused.body.error.details).toMatchObject({ reason: 'unreferenced_return' });
    const movement = await post(
      t,
      { type: 'return', sku: 'B', quantity: 1, location: 'S1' },
      clerk,
    );
    expect(movement.status).toBe(403);
    expect(movement.body.error.details).toMatchObject({ reason: 'unreferenced_return' });
    const batch = await t.call(
      'POST',
      api('/movements/batch'),
      { rows: [{ type: 'return', sku: 'B', quantity: 1, location: 'S1' }] },
      { token: clerk },
    );
    expect(batch.status).toBe(409);
    expect(JSON.stringify(batch.body)).toContain('unreferenced_return');

    const byManager = await t.call('POST', api('/returns'), bare, { token: manager });
    expect(byManager.status, JSON.stringify(byManager.body)).toBe(201);
    const asMovement = await post(
      t,
      { type: 'return', sku: 'B', quantity: 1, location: 'S1' },
      manager,
    );
    expect(asMovement.status).toBe(201);
  });

  it('marks them unreferenced in the audit log', async () => {
    const doc = await t.call('POST', api('/returns'), {
      location: 'S1',
      lines: [{ sku: 'A', quantity: 1 }],
    });
    const created = await t.call('GET', api(`/audit?entity=return:${doc.body.id}`));
    expect(created.body.items[0]).toMatchObject({
      action: 'return.create',
      after: { unreferenced: true, lines: [expect.objectContaining({ unreferenced: true })] },
    });
    const movement = await post(t, { type: 'return', sku: 'A', quantity: 1, location: 'S1' });
    const trail = await t.call('GET', api(`/audit?entity=movement:${movement.body.id}`));
    expect(trail.body.items).toContainEqual(
      expect.objectContaining({
        action: 'return.unreferenced',
        after: expect.objectContaining({ unreferenced: true, sku: 'A', quantity: 1 }),
      }),
    );
    const sale = await sell('A', 1);
    const referenced = await giveBack('A', 1, sale);
    const log = await t.call('GET', api(`/audit?entity=return:${referenced.body.id}`));
    expect(log.body.items[0].after.unreferenced).toBe(false);
  });
});

describe('reversing a return', () => {
  it('is refused while its units wait in quarantine: the return is undone by inspection', async () => {
    const sale = await sell('A', 2);
    const back = await t.call('POST', api('/returns'), {
      location: 'S1',
      inspect: true,
      lines: [{ sku: 'A', quantity: 2, originalMovement: sale }],
    });
    expect(back.status).toBe(201);
    const moves = await t.call('GET', api('/movements?sku=A&location=S1.quarantine'));
    const movement = moves.body.items.at(-1);
    const reversal = await t.call(
      'POST',
      api(`/movements/${movement.seq ?? movement.id}/reverse`),
      {},
    );
    expect(reversal.status).toBe(409);
    expect(reversal.body.error).toMatchObject({
      code: 'invalid_state',
      details: { status: 'part_of_document', document: 'return' },
    });
    expect(await stockOf(t, 'S1.quarantine', 'A')).toMatchObject({ onHand: 2 });
    const inspected = await t.call('POST', api(`/returns/${back.body.id}/inspect`), {
      lines: [{ sku: 'A', scrap: 2 }],
    });
    expect(inspected.body.status).toBe('inspected');
    expect((await t.verify()).ok).toBe(true);
  });
});
