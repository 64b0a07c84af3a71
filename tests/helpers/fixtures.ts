import { api, type TestApp } from './test-app.js';

/** W1 (warehouse), S1 and S2 (stores), and items A and B; A has a case barcode of 12. */
export async function seedShop(t: TestApp): Promise<void> {
  for (const [code, kind] of [
    ['W1', 'warehouse'],
    ['S1', 'store'],
    ['S2', 'store'],
  ] as const) {
    const res = await t.call('POST', api('/locations'), { code, name: code, kind });
    if (res.status !== 201) throw new Error(JSON.stringify(res.body));
  }
  await t.call('POST', api('/items'), {
    sku: 'A',
    name: 'Item A',
    barcodes: ['690000001', { code: 'CASE-A', multiplier: 12 }],
  });
  await t.call('POST', api('/items'), { sku: 'B', name: 'Item B' });
}

export async function stockOf(t: TestApp, location: string, sku: string) {
  const res = await t.call('GET', api(`/stock/${location}/${sku}`));
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return res.body as { onHand: number; reserved: number; available: number };
}

export async function post(t: TestApp, body: Record<string, unknown>, token?: string) {
  return t.call('POST', api('/movements'), body, token ? { token } : {});
}

/**
 * 10 of A received at S1, 5 sold, 3 of them returned into S1's quarantine to wait for
 * inspection. Returns the return's id.
 */
export async function returnAwaitingInspection(t: TestApp): Promise<number> {
  await post(t, { type: 'receipt', sku: 'A', quantity: 10, location: 'S1' });
  const sale = await post(t, { type: 'issue', sku: 'A', quantity: 5, location: 'S1' });
  const created = await t.call('POST', api('/returns'), {
    location: 'S1',
    inspect: true,
    lines: [{ sku: 'A', quantity: 3, originalMovement: sale.body.id }],
  });
  if (created.status !== 201) throw new Error(`return refused: ${JSON.stringify(created.body)}`);
  return created.body.id;
}
