import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/** Business customers: credit limits, exposure, and the credit_override approval. */
let t: TestApp;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  tok['sales'] = await t.user('sales-w1', 'clerk', ['W1']);
  tok['manager'] = await t.user('manager-w1', 'manager', ['W1']);
  tok['managerS1'] = await t.user('manager-s1', 'manager', ['S1']);
  await post(t, { type: 'receipt', sku: 'A', quantity: 500, location: 'W1' });
  const customer = await t.call('PUT', api('/customers/HOTEL-1'), {
    name: '西湖酒店',
    creditLimit: 10_000,
    paymentTermsDays: 30,
  });
  expect(customer.body).toEqual({
    customer: 'HOTEL-1',
    creditLimit: 10_000,
    paymentTermsDays: 30,
    openOrders: 0,
    receivables: 0,
    overdue: 0,
    exposure: 0,
    remaining: 10_000,
  });
});
afterAll(() => t.cleanup());

const order = (quantity: number, unitPrice = 50, who = 'sales') =>
  t.call(
    'POST',
    api('/sales-orders'),
    { customer: 'HOTEL-1', location: 'W1', lines: [{ sku: 'A', quantity, unitPrice }] },
    { token: tok[who]! },
  );
const act = (id: number, action: string, body: unknown = {}, who?: string) =>
  t.call('POST', api(`/sales-orders/${id}/${action}`), body, who ? { token: tok[who]! } : {});
const exposure = async () => (await t.call('GET', api('/customers/HOTEL-1/exposure'))).body;

describe('credit limits', () => {
  it('approves orders within the credit left, holding their stock', async () => {
    const first = await order(100); // 5,000
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ status: 'approved', value: 5000, approvals: [] });
    expect(await stockOf(t, 'W1', 'A')).toMatchObject({ reserved: 100 });
    expect(await exposure()).toMatchObject({ openOrders: 5000, exposure: 5000, remaining: 5000 });
  });

  it('asks a credit_override approval for an order over the credit left; a manager of the store decides', async () => {
    const over = await order(120); // 6,000 > 5,000 left
    expect(over.body).toMatchObject({
      status: 'pending_approval',
      approvals: [{ role: 'manager', status: 'pending' }],
    });
    expect(await stockOf(t, 'W1', 'A')).toMatchObject({ reserved: 220 });
    const inbox = await t.call('GET', api('/approvals'), undefined, { token: tok['manager']! });
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({
        documentType: 'credit_override',
        documentId: over.body.id,
        value: 6000,
        locations: ['W1'],
      }),
    );
    expect((await act(over.body.id, 'ship')).body.error.code).toBe('invalid_state');
    expect(
      (await act(over.body.id, 'approve', { version: over.body.version }, 'managerS1')).body.error
        .details.reason,
    ).toBe('location_out_of_scope');
    expect(
      (await act(over.body.id, 'approve', { version: over.body.version }, 'sales')).body.error
        .details.reason,
    ).toBe('own_document');
    const approved = await act(
      over.body.id,
      'approve',
      { version: over.body.version, comment: '老客户' },
      'manager',
    );
    expect(approved.body).toMatchObject({
      status: 'approved',
      approvals: [{ status: 'approved', decidedBy: 'manager-w1', comment: '老客户' }],
    });
    expect(await exposure()).toMatchObject({ openOrders: 11_000, remaining: -1000 });
  });

  it('counts shipped unpaid invoices until paid, with the due date from the payment terms', async () => {
    const first = (await t.call('GET', api('/sales-orders/1'))).body;
    const shipped = await act(first.id, 'ship');
    expect(shipped.body).toMatchObject({
      status: 'shipped',
      dueAt: new Date(t.clock.now + 30 * 86_400_000).toISOString(),
    });
    expect(await stockOf(t, 'W1', 'A')).toMatchObject({ onHand: 400, reserved: 120 });
    expect(await exposure()).toMatchObject({ openOrders: 6000, receivables: 5000, overdue: 0 });
    t.clock.now += 31 * 86_400_000;
    expect(await exposure()).toMatchObject({ overdue: 5000 });
    expect((await act(first.id, 'pay', {}, 'sales')).status).toBe(403);
    expect((await act(first.id, 'pay', {}, 'manager')).body.status).toBe('paid');
    expect(await exposure()).toMatchObject({
      openOrders: 6000,
      receivables: 0,
      overdue: 0,
      remaining: 4000,
    });
  });

  it('releases the stock of a rejected or cancelled order', async () => {
    const over = await order(100); // 5,000 > 4,000 left
    expect(over.body.status).toBe('pending_approval');
    const rejected = await act(
      over.body.id,
      'reject',
      { version: over.body.version, comment: 'pay first' },
      'manager',
    );
    expect(rejected.body.status).toBe('rejected');
    expect(await stockOf(t, 'W1', 'A')).toMatchObject({ reserved: 120 });
    const small = await order(10);
    expect(small.body.status).toBe('approved');
    expect((await act(small.body.id, 'cancel', {}, 'sales')).body.status).toBe('cancelled');
    expect(await stockOf(t, 'W1', 'A')).toMatchObject({ reserved: 120 });
    expect((await order(1000)).body.error.code).toBe('insufficient_stock');
    expect(
      (
        await t.call('POST', api('/sales-orders'), {
          customer: 'NOPE',
          location: 'W1',
          lines: [{ sku: 'A', quantity: 1, unitPrice: 1 }],
        })
      ).status,
    ).toBe(404);
    expect((await t.call('GET', api('/customers/NOPE/exposure'))).status).toBe(404);
    expect((await t.verify()).ok).toBe(true);
  });

  it('uses the credit_override policy when one is set', async () => {
    await t.call('PUT', api('/approval-policies'), {
      policies: [
        {
          documentType: 'credit_override',
          levels: [{ role: 'manager' }, { minValue: 3000, role: 'admin' }],
        },
      ],
    });
    const big = await order(100); // 5,000 over the 4,000 left: manager, then admin
    expect(big.body.approvals.map((s: { role: string }) => s.role)).toEqual(['manager', 'admin']);
  });
});
