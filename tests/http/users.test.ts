import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, api, testApp, type TestApp } from '../helpers/test-app.js';

/*
 * People change: a clerk becomes a manager, moves store, leaves. Before, users could
 * only be created; now an admin changes role and locations, deactivates and
 * reactivates, lists and revokes tokens, each audited, and the last active admin stays.
 */

let t: TestApp;
beforeEach(async () => {
  t = await testApp();
  for (const [code, kind] of [
    ['W1', 'warehouse'],
    ['S1', 'store'],
    ['S2', 'store'],
  ] as const) {
    expect((await t.call('POST', api('/locations'), { code, name: code, kind })).status).toBe(201);
  }
  await t.call('POST', api('/items'), { sku: 'TEA', name: '龙井' });
  await t.call('POST', api('/movements'), {
    type: 'receipt',
    sku: 'TEA',
    quantity: 50,
    location: 'S1',
  });
});
afterEach(() => t.cleanup());

const idOf = async (name: string) =>
  ((await t.call('GET', api('/users'))).body.items as Array<{ id: number; name: string }>).find(
    (u) => u.name === name,
  )!.id;

describe('changing a user', () => {
  it("changes role and locations, takes effect on the user's next request, and is audited", async () => {
    const li = await t.user('li', 'clerk', ['S1']);
    const id = await idOf('li');
    const res = await t.call('PATCH', api(`/users/${id}`), {
      role: 'manager',
      locations: ['S2', 'S1'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id,
      name: 'li',
      role: 'manager',
      active: true,
      locations: ['S1', 'S2'],
    });
    expect((await t.call('GET', api('/me'), undefined, { token: li })).body).toMatchObject({
      role: 'manager',
      locations: ['S1', 'S2'],
    });
    // Moved to S2 only: S1 is out of scope from the next request on.
    await t.call('PATCH', api(`/users/${id}`), { locations: ['S2'] });
    const sale = await t.call(
      'POST',
      api('/movements'),
      { type: 'issue', sku: 'TEA', quantity: 1, location: 'S1' },
      { token: li },
    );
    expect(sale.status).toBe(403);
    // Every location again.
    expect((await t.call('PATCH', api(`/users/${id}`), { locations: [] })).body.locations).toEqual(
      [],
    );

    const audit = (await t.call('GET', api(`/audit?entity=user:${id}`))).body.items;
    const updates = audit.filter((a: any) => a.action === 'user.update');
    expect(updates).toHaveLength(3);
    expect(updates.map((a: any) => [a.before, a.after])).toContainEqual([
      { role: 'clerk', locations: ['S1'] },
      { role: 'manager', locations: ['S1', 'S2'] },
    ]);
    expect(updates[0]).toMatchObject({ actor: 'admin' });
  });

  it('refuses what it cannot do, with every problem named, and changes nothing', async () => {
    await t.user('li', 'clerk', ['S1']);
    const id = await idOf('li');
    expect(
      (await t.call('PATCH', api(`/users/${id}`), { locations: ['S9'] })).body.error,
    ).toMatchObject({ code: 'not_found' });
    expect(
      (await t.call('PATCH', api(`/users/${id}`), { locations: ['@customer'] })).body.error
        .details[0],
    ).toMatchObject({ code: 'location_must_be_internal' });
    const bad = await t.call('PATCH', api(`/users/${id}`), { role: 'king', colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: any) => d.path).sort()).toEqual(['colour', 'role']);
    expect((await t.call('PATCH', api('/users/999'), { role: 'viewer' })).status).toBe(404);
    expect(
      (await t.call('GET', api('/users'))).body.items.find((u: any) => u.name === 'li'),
    ).toMatchObject({ role: 'clerk', locations: ['S1'] });
  });

  it('is for admins only', async () => {
    const manager = await t.user('wang', 'manager');
    const id = await idOf('wang');
    for (const [method, path, body] of [
      ['PATCH', `/users/${id}`, { role: 'admin' }],
      ['POST', `/users/${id}/deactivate`, {}],
      ['POST', `/users/${id}/reactivate`, {}],
    ] as const) {
      const res = await t.call(method, api(path), body, { token: manager });
      expect(res.status, path).toBe(403);
    }
    expect((await t.call('GET', api('/me'), undefined, { token: manager })).body.role).toBe(
      'manager',
    );
  });
});

describe('deactivating a user', () => {
  it('stops every token at once, keeps their history, and reactivation lets them back in', async () => {
    const li = await t.user('li', 'clerk', ['S1']);
    const id = await idOf('li');
    const second = (await t.call('POST', api(`/users/${id}/tokens`), { label: 'till 2' })).body;
    const sold = await t.call(
      'POST',
      api('/movements'),
      { type: 'issue', sku: 'TEA', quantity: 2, location: 'S1' },
      { token: li },
    );
    expect(sold.status).toBe(201);

    const off = await t.call('POST', api(`/users/${id}/deactivate`), {});
    expect(off.body).toMatchObject({ name: 'li', active: false });
    for (const token of [li, second.token])
      expect((await t.call('GET', api('/me'), undefined, { token })).status).toBe(401);
    // Their history stays theirs.
    const movement = (await t.call('GET', api(`/movements?sku=TEA`))).body.items.find(
      (m: any) => m.id === sold.body.id,
    );
    expect(movement).toMatchObject({ actor: 'li' });
    expect(
      (await t.call('GET', api('/users'))).body.items.find((u: any) => u.name === 'li'),
    ).toMatchObject({ active: false });

    // A token revoked while they were away stays revoked.
    expect((await t.call('POST', api(`/tokens/${second.id}/revoke`), {})).status).toBe(200);
    expect((await t.call('POST', api(`/users/${id}/reactivate`), {})).body.active).toBe(true);
    expect((await t.call('GET', api('/me'), undefined, { token: li })).status).toBe(200);
    expect((await t.call('GET', api('/me'), undefined, { token: second.token })).status).toBe(401);

    const actions = (await t.call('GET', api(`/audit?entity=user:${id}`))).body.items.map(
      (a: any) => a.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['user.deactivate', 'user.reactivate']));
  });
});

describe("a user's tokens", () => {
  it('are listed without the secrets, to the admin and to their owner, and revoked by id', async () => {
    const li = await t.user('li', 'clerk', ['S1']);
    const wang = await t.user('wang', 'clerk', ['S2']);
    const id = await idOf('li');
    const extra = (await t.call('POST', api(`/users/${id}/tokens`), { label: 'excel' })).body;
    const list = await t.call('GET', api(`/users/${id}/tokens`));
    expect(list.status).toBe(200);
    expect(list.body.items.map((x: any) => x.label)).toEqual(['first token', 'excel']);
    expect(JSON.stringify(list.body)).not.toContain(li);
    expect((await t.call('GET', api(`/users/${id}/tokens`), undefined, { token: li })).status).toBe(
      200,
    );
    expect(
      (await t.call('GET', api(`/users/${id}/tokens`), undefined, { token: wang })).status,
    ).toBe(403);
    expect((await t.call('GET', api('/users/999/tokens'))).status).toBe(404);

    await t.call('POST', api(`/tokens/${extra.id}/revoke`), {});
    expect(
      (await t.call('GET', api(`/users/${id}/tokens`))).body.items[1].revokedAt,
    ).not.toBeNull();
    expect((await t.call('GET', api('/me'), undefined, { token: extra.token })).status).toBe(401);
  });
});

describe('the last active admin', () => {
  it('cannot be demoted or deactivated, in English and Chinese', async () => {
    const me = await idOf('admin');
    for (const [method, path, body] of [
      ['PATCH', `/users/${me}`, { role: 'manager' }],
      ['POST', `/users/${me}/deactivate`, {}],
    ] as const) {
      const res = await t.call(method, api(path), body);
      expect(res.status, path).toBe(409);
      expect(res.body.error).toMatchObject({
        code: 'invalid_state',
        details: { reason: 'last_active_admin', user: 'admin' },
      });
      expect(res.body.error.message).toBe(
        'admin is the last active admin: make another user admin first.',
      );
    }
    const zh = await t.call(
      'PATCH',
      api(`/users/${me}`),
      { role: 'viewer' },
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(zh.body.error.message).toBe(
      'admin 是最后一个启用的管理员：请先将另一位用户设为管理员。',
    );
    expect((await t.call('GET', api('/me'))).body).toMatchObject({ role: 'admin', active: true });
  });

  it('counts only active admins, and of two admins demoting each other at once one stays', async () => {
    const boss = await t.user('boss', 'admin');
    const bossId = await idOf('boss');
    const me = await idOf('admin');
    // A deactivated admin is no one to hand over to.
    await t.call('POST', api(`/users/${bossId}/deactivate`), {});
    expect((await t.call('PATCH', api(`/users/${me}`), { role: 'manager' })).status).toBe(409);
    await t.call('POST', api(`/users/${bossId}/reactivate`), {});

    const [a, b] = await Promise.all([
      t.call('PATCH', api(`/users/${bossId}`), { role: 'manager' }),
      t.call('PATCH', api(`/users/${me}`), { role: 'manager' }, { token: boss }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    const admins = (
      await t.call('GET', api('/users'), undefined, {
        token: a.status === 200 ? ADMIN_TOKEN : boss,
      })
    ).body.items.filter((u: any) => u.role === 'admin' && u.active);
    expect(admins).toHaveLength(1);
  });
});
