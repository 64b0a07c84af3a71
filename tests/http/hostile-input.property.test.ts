import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESULT_CODES } from '../../core/domain/codes.js';
import { post, seedShop } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/*
 * Thousands of generated bad requests against every write route: wrong types,
 * missing and unknown fields, huge numbers, hostile strings (SQL, formulas, control
 * characters), deep JSON, 5 MB bodies, broken UTF-8. Every answer must be a 4xx in
 * the documented error shape, and the ledger must not change at all.
 */

let t: TestApp;
let ids: {
  movement: number;
  hold: number;
  user: number;
  token: number;
  transfer: number;
  order: number;
  draft: number;
  supplier: number;
};

const HOSTILE_STRINGS = [
  '=HYPERLINK("http://evil.example","click")',
  '=1+2',
  '+SUM(A1:A9)',
  '-2+3',
  '@cmd',
  "'; DROP TABLE movements; --",
  'Robert"); DELETE FROM balances; --',
  '\u0000\u0001\u001f',
  '门店一 🧋',
  ' ',
  '',
  'x'.repeat(300),
];

const wrongValue = fc.oneof(
  fc.constantFrom(null, true, false, [], {}, [1, 2], { a: 1 }, '', '12', 'NaN', 'Infinity'),
  fc.constantFrom(
    1e13,
    -1e13,
    2 ** 63,
    -(2 ** 63),
    0.5,
    -0.0001,
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
  ),
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double({ noNaN: true }),
);

interface Route {
  /** POST unless said. */
  method?: 'PATCH';
  path: () => string;
  valid: () => Record<string, unknown>;
  required: string[];
}

const routes: Route[] = [
  {
    path: () => '/locations',
    valid: () => ({ code: 'NEWLOC', name: 'n', kind: 'store' }),
    required: ['code', 'name', 'kind'],
  },
  {
    path: () => '/items',
    valid: () => ({ sku: 'NEW-SKU', name: 'n', unit: 'pcs', barcodes: ['123'] }),
    required: ['sku', 'name'],
  },
  {
    path: () => '/users',
    valid: () => ({ name: 'newuser', role: 'clerk', locations: ['S1'] }),
    required: ['name', 'role'],
  },
  {
    path: () => '/movements',
    valid: () => ({
      type: 'receipt',
      sku: 'A',
      quantity: 1,
      location: 'S1',
      reason: 'r',
      reference: 'ref',
    }),
    required: ['type', 'quantity'],
  },
  {
    path: () => '/movements/batch',
    valid: () => ({
      rows: [{ type: 'receipt', sku: 'A', quantity: 1, location: 'S1' }],
      atomic: true,
    }),
    required: ['rows'],
  },
  {
    path: () => `/movements/${ids.movement}/reverse`,
    valid: () => ({ reason: 'oops' }),
    required: [],
  },
  {
    path: () => '/reservations',
    valid: () => ({ sku: 'A', location: 'S1', quantity: 1, expiresInSeconds: 60 }),
    required: ['sku', 'location', 'quantity'],
  },
  { path: () => `/reservations/${ids.hold}/commit`, valid: () => ({ quantity: 1 }), required: [] },
  { path: () => `/reservations/${ids.hold}/release`, valid: () => ({}), required: [] },
  { path: () => `/users/${ids.user}/tokens`, valid: () => ({ label: 'l' }), required: [] },
  { path: () => `/tokens/${ids.token}/revoke`, valid: () => ({}), required: [] },
  {
    path: () => '/transfers',
    valid: () => ({ from: 'S1', to: 'S2', lines: [{ sku: 'A', quantity: 1 }], note: 'n' }),
    required: ['from', 'to', 'lines'],
  },
  {
    path: () => `/transfers/${ids.transfer}/approve`,
    valid: () => ({ version: 2, comment: 'c' }),
    required: ['version'],
  },
  {
    path: () => `/transfers/${ids.transfer}/receive`,
    valid: () => ({ lines: [{ sku: 'A', quantity: 1 }] }),
    required: ['lines'],
  },
  {
    path: () => `/transfers/${ids.transfer}/close`,
    valid: () => ({ reason: 'lost', note: 'n' }),
    required: ['reason'],
  },
  {
    path: () => '/suppliers',
    valid: () => ({ name: 'sup', contact: 'c', leadTimeDays: 3 }),
    required: ['name'],
  },
  {
    path: () => '/purchase-orders',
    valid: () => ({
      supplier: 'Acme',
      location: 'W1',
      lines: [{ sku: 'A', quantity: 1, unitCost: 2.5 }],
    }),
    required: ['supplier', 'location', 'lines'],
  },
  {
    path: () => `/purchase-orders/${ids.order}/reject`,
    valid: () => ({ version: 2, comment: 'c' }),
    required: ['version'],
  },
  {
    method: 'PATCH',
    path: () => `/purchase-orders/${ids.draft}`,
    // No supplier: it takes an id or a name, so a number in place of the name may be valid.
    valid: () => ({ version: 1, note: 'n', lines: [{ sku: 'A', quantity: 1, unitCost: 2.5 }] }),
    required: ['version'],
  },
  {
    path: () => `/purchase-orders/${ids.order}/receive`,
    valid: () => ({ lines: [{ barcode: 'CASE-A', quantity: 1 }] }),
    required: ['lines'],
  },
  {
    path: () => `/purchase-orders/${ids.order}/close`,
    valid: () => ({ reason: 'supplier out of stock', version: 2 }),
    required: ['reason'],
  },
  {
    method: 'PATCH',
    path: () => `/suppliers/${ids.supplier}`,
    valid: () => ({ contact: 'c', leadTimeDays: 3, overReceiptPercent: 5 }),
    required: [],
  },
  {
    method: 'PATCH',
    path: () => '/locations/S1',
    valid: () => ({ replenishFrom: 'W1' }),
    required: ['replenishFrom'],
  },
  {
    path: () => '/suggestions/purchase/orders',
    valid: () => ({ location: 'S1', windowDays: 28, lines: [{ sku: 'A', quantity: 3 }] }),
    required: ['location'],
  },
];

/** `value`, or something else when `value` happens to have the type the field takes. */
function wrongTypeFor(valid: unknown, value: unknown): unknown {
  // JSON has no Infinity: JSON.stringify sends it as null, which optional fields accept.
  if (typeof value === 'number' && !Number.isFinite(value))
    value = typeof valid === 'string' ? 42 : `${value}`;
  if (Array.isArray(valid)) return Array.isArray(value) ? 'not a list' : value === null ? 7 : value;
  if (typeof valid === 'number') {
    // Huge, negative and fractional numbers stay (they break the rules); small whole
    // numbers, zero included, can be valid (a quantity, a lead time of 0 days), so they
    // become text with a unit, as a clerk types it (`12件`): a bare digit string is a valid
    // quantity now. (Seed 822776561 drew leadTimeDays: 0, a valid supplier; seed -1402557839
    // drew quantity "1".)
    const plausible =
      typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 1e12;
    return plausible ? `${value}件` : value === null ? 'null' : value;
  }
  if (typeof valid === 'string') return typeof value === 'string' || value === null ? 42 : value;
  return { nested: value };
}

/** A body that breaks at least one rule for sure, plus optional hostile noise. */
const badRequest = fc
  .record({
    route: fc.integer({ min: 0, max: routes.length - 1 }),
    breakage: fc.constantFrom(
      'wrong-type',
      'missing',
      'unknown-field',
      'not-an-object',
      'row-wrong-type',
    ),
    pick: fc.nat(),
    value: wrongValue,
    noise: fc.option(fc.constantFrom(...HOSTILE_STRINGS)),
    extraKey: fc.constantFrom('__proto__x', 'constructor', 'qty', 'DROP TABLE', '=A1'),
  })
  .map(({ route, breakage, pick, value, noise, extraKey }) => {
    const r = routes[route]!;
    let body: unknown = r.valid();
    const record = body as Record<string, unknown>;
    const keys = Object.keys(record);
    // Noise that is fine on its own (a formula-looking name) never makes the request valid.
    if (noise !== null && keys.length > 0) {
      const textKey = keys.find((k) => typeof record[k] === 'string');
      if (textKey) record[textKey] = noise;
    }
    switch (breakage) {
      case 'wrong-type': {
        if (keys.length === 0) record[extraKey] = value;
        else {
          const key = keys[pick % keys.length]!;
          record[key] = wrongTypeFor(r.valid()[key], value);
        }
        break;
      }
      case 'missing':
        if (r.required.length === 0) record[extraKey] = value;
        else delete record[r.required[pick % r.required.length]!];
        break;
      case 'unknown-field':
        record[extraKey] = value;
        break;
      case 'not-an-object':
        body = [value];
        break;
      case 'row-wrong-type':
        if (Array.isArray(record['rows']))
          (record['rows'] as Array<Record<string, unknown>>)[0]!['quantity'] = 'lots';
        else record[extraKey] = value;
        break;
    }
    return {
      method: r.method ?? 'POST',
      path: r.path(),
      body: JSON.stringify(body) as string | Uint8Array,
    };
  });

const rawPayload = fc.oneof(
  fc.constantFrom(
    '{}{}',
    '{',
    '{"a":',
    'null',
    '"str"',
    '[]',
    'undefined',
    '{"quantity": 1e999}',
    'NaN',
    '\u0000',
  ),
  fc.string({ maxLength: 200 }).filter((s) => {
    try {
      JSON.parse(s);
      return false;
    } catch {
      return s.trim() !== '';
    }
  }),
  fc
    .uint8Array({ minLength: 1, maxLength: 64 })
    .map((bytes) => Uint8Array.from([0x7b, 0x22, 0xff, 0xfe, ...bytes])),
  fc.integer({ min: 200, max: 20_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
  fc
    .integer({ min: 200, max: 5_000 })
    .map((depth) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`),
);

async function snapshot(): Promise<string> {
  const hash = createHash('sha256');
  const tables = await t.database.client.execute(
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('instances') ORDER BY name`,
  );
  for (const table of tables.rows.map((r) => String(r[0]))) {
    hash.update(
      JSON.stringify(
        (await t.database.client.execute(`SELECT * FROM ${table} ORDER BY rowid`)).rows,
      ),
    );
  }
  return hash.digest('hex');
}

function expectRefusal(res: { status: number; body: any }, what: string) {
  expect(res.status, what).toBeGreaterThanOrEqual(400);
  expect(res.status, what).toBeLessThan(500);
  expect(RESULT_CODES as readonly string[], what).toContain(res.body?.error?.code);
  expect(typeof res.body.error.message, what).toBe('string');
  expect(res.body.error.message.length, what).toBeGreaterThan(0);
}

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  const movement = await post(t, { type: 'receipt', sku: 'A', quantity: 50, location: 'S1' });
  const hold = await t.call('POST', api('/reservations'), {
    sku: 'A',
    location: 'S1',
    quantity: 1,
  });
  const user = await t.call('POST', api('/users'), { name: 'target', role: 'viewer' });
  const token = await t.call('POST', api(`/users/${user.body.id}/tokens`), { label: 'x' });
  await t.call('PUT', api('/approval-policies'), {
    policies: [
      { documentType: 'transfer', levels: [{ role: 'manager' }] },
      { documentType: 'purchase_order', levels: [{ role: 'manager' }] },
    ],
  });
  const transfer = await t.call('POST', api('/transfers'), {
    from: 'S1',
    to: 'S2',
    lines: [{ sku: 'A', quantity: 2 }],
  });
  const supplier = await t.call('POST', api('/suppliers'), { name: 'Acme' });
  const order = await t.call('POST', api('/purchase-orders'), {
    supplier: 'Acme',
    location: 'W1',
    lines: [{ sku: 'A', quantity: 1, unitCost: 1 }],
  });
  const draft = await t.call('POST', api('/purchase-orders'), {
    supplier: 'Acme',
    location: 'W1',
    lines: [{ sku: 'A', quantity: 1, unitCost: 1 }],
    submit: false,
  });
  ids = {
    movement: movement.body.id,
    hold: hold.body.id,
    user: user.body.id,
    token: token.body.id,
    transfer: transfer.body.id,
    order: order.body.id,
    draft: draft.body.id,
    supplier: supplier.body.id,
  };
});
afterAll(() => t.cleanup());

describe('hostile input', () => {
  it('answers thousands of generated bad requests with a 4xx and changes nothing', async () => {
    const before = await snapshot();
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(badRequest, async ({ method, path, body }) => {
        sent++;
        const res = await t.call(method, api(path), undefined, { raw: body });
        expectRefusal(res, `${path} ${String(body).slice(0, 200)}`);
      }),
      { numRuns: 2500 },
    );
    expect(sent).toBe(2500);
    expect(await snapshot()).toBe(before);
  });

  it('answers broken, deep and non-JSON bodies on every write route with a 4xx', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: routes.length - 1 }),
        rawPayload,
        async (route, payload) => {
          const path = routes[route]!.path();
          const res = await t.call(routes[route]!.method ?? 'POST', api(path), undefined, {
            raw: payload,
          });
          expectRefusal(res, `${path} ${String(payload).slice(0, 80)}`);
        },
      ),
      { numRuns: 600 },
    );
    expect(await snapshot()).toBe(before);
  });

  it('refuses 5 MB bodies on every write route with 413', async () => {
    const before = await snapshot();
    const huge = JSON.stringify({ name: 'x'.repeat(5 * 1024 * 1024) });
    for (const r of routes) {
      const res = await t.call(r.method ?? 'POST', api(r.path()), undefined, { raw: huge });
      expect(res.status, r.path()).toBe(r.path() === '/movements/batch' ? 400 : 413);
      expectRefusal(res, r.path());
    }
    expect(await snapshot()).toBe(before);
  });
});
