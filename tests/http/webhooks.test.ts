import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildRequest, signGeneric } from '../../core/services/webhooks/formats.js';
import { deliverDue, fanOut } from '../../core/services/webhooks/deliver.js';
import { post, seedShop } from '../helpers/fixtures.js';
import { startReceiver } from '../helpers/receiver.js';
import { ROBOT_ANSWERS } from '../helpers/robots.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
});
afterAll(() => t.cleanup());

const subscribe = (body: Record<string, unknown>) => t.call('POST', api('/subscriptions'), body);
const run = async (advanceMs = 0) => {
  t.clock.now += advanceMs;
  await fanOut(t.database, t.clock.now);
  return deliverDue(t.database, { now: t.clock.now });
};

describe('webhook delivery', () => {
  it('delivers each alert event once, signed, also when the receiver fails twice first', async () => {
    const receiver = await startReceiver((_req, n) => (n < 2 ? 500 : 200));
    const sub = await subscribe({
      kind: 'generic',
      url: `${receiver.url}/hook`,
      locations: ['S1'],
      language: 'en',
    });
    expect(sub.status).toBe(201);
    expect(sub.body.secret).toMatch(/^[\w-]{20,}$/);
    expect((await t.call('GET', api('/subscriptions'))).body.items[0]).not.toHaveProperty('secret');

    await t.call('PUT', api('/alert-rules'), { rules: [{ sku: 'A', location: 'S1', min: 5 }] });
    await post(t, { type: 'receipt', sku: 'A', quantity: 6, location: 'S1' });
    await post(t, { type: 'issue', sku: 'A', quantity: 2, location: 'S1' }); // opens below_min

    expect(await run()).toEqual({ sent: 0, failed: 1 });
    expect(await run()).toEqual({ sent: 0, failed: 0 }); // backing off
    expect(await run(5_000)).toEqual({ sent: 0, failed: 1 });
    expect(await run(10_000)).toEqual({ sent: 1, failed: 0 });
    expect(await run(60_000)).toEqual({ sent: 0, failed: 0 });

    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200]);
    const bodies = receiver.received.map((r) => r.body);
    expect(new Set(bodies).size).toBe(1);
    const last = receiver.received[2]!;
    const message = JSON.parse(last.body);
    expect(message).toMatchObject({
      topic: 'alert.opened',
      data: { kind: 'below_min', sku: 'A', location: 'S1', available: 4, min: 5 },
    });
    const timestamp = Number(last.headers['x-inventory-timestamp']);
    expect(last.headers['x-inventory-signature']).toBe(
      `sha256=${signGeneric(sub.body.secret, timestamp, last.body)}`,
    );
    expect(last.headers['x-inventory-event-ids']).toBe(String(message.id));
    await receiver.close();
  });

  it('sends one digest instead of a dozen messages, only for the locations asked', async () => {
    const receiver = await startReceiver();
    await subscribe({
      kind: 'slack',
      url: `${receiver.url}/slack`,
      locations: ['S2'],
      language: 'zh-CN',
    });
    const skus = Array.from({ length: 12 }, (_, i) => `D${i}`);
    for (const sku of skus) await t.call('POST', api('/items'), { sku, name: sku });
    await t.call('PUT', api('/alert-rules'), { rules: skus.map((sku) => ({ sku, min: 5 })) });
    // One batch receives 3 of each at S2 (below 5) and at W1: 12 alerts at S2 at once.
    const rows = skus.flatMap((sku) =>
      ['S2', 'W1'].map((location) => ({ type: 'receipt', sku, quantity: 3, location })),
    );
    expect((await t.call('POST', api('/movements/batch'), { rows })).status).toBe(200);
    await run();
    expect(receiver.received).toHaveLength(1);
    const text = JSON.parse(receiver.received[0]!.body).text as string;
    expect(text.split('\n')[0]).toBe('12 条库存提醒');
    expect(text).toContain('🔴 低于安全库存：S2 的 D0，可用 3（最低 5）');
    expect(text).not.toContain('W1');
    await receiver.close();
  });

  it('never sends one delivery twice, even with two workers at once', async () => {
    const receiver = await startReceiver();
    await subscribe({ kind: 'generic', url: `${receiver.url}/twice`, events: ['alert.*'] });
    await t.call('POST', api('/items'), { sku: 'TW', name: 'twice' });
    await post(t, { type: 'receipt', sku: 'TW', quantity: 1, location: 'W1' });
    await post(t, { type: 'issue', sku: 'TW', quantity: 1, location: 'W1' }); // zero_stock
    await Promise.all([fanOut(t.database, t.clock.now), fanOut(t.database, t.clock.now)]);
    const [a, b] = await Promise.all([
      deliverDue(t.database, { now: t.clock.now, workerId: 'one' }),
      deliverDue(t.database, { now: t.clock.now, workerId: 'two' }),
    ]);
    expect(a.sent + b.sent).toBe(1);
    expect(receiver.received.filter((r) => r.url === '/twice')).toHaveLength(1);
    await receiver.close();
  });

  it('stops delivering to a deleted subscription, and refuses bad ones', async () => {
    const created = await subscribe({
      kind: 'wecom',
      url: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x',
    });
    expect((await t.call('DELETE', api(`/subscriptions/${created.body.id}`))).body.active).toBe(
      false,
    );
    expect((await t.call('DELETE', api(`/subscriptions/${created.body.id}`))).status).toBe(404);
    expect((await subscribe({ kind: 'fax', url: 'https://x' })).status).toBe(400);
    expect((await subscribe({ kind: 'generic', url: 'ftp://x' })).status).toBe(400);
  });
});

describe('chat robots that refuse with HTTP 200', () => {
  // A ledger of its own: no deliveries left over from the tests above.
  let t: TestApp;
  beforeAll(async () => {
    t = await testApp();
    await seedShop(t);
  });
  afterAll(() => t.cleanup());
  const subscribe = (body: Record<string, unknown>) => t.call('POST', api('/subscriptions'), body);
  const run = async (advanceMs = 0) => {
    t.clock.now += advanceMs;
    await fanOut(t.database, t.clock.now);
    return deliverDue(t.database, { now: t.clock.now });
  };
  /** One below_min alert at S1 for a fresh item. */
  const openAlert = async (sku: string) => {
    await t.call('POST', api('/items'), { sku, name: sku });
    await t.call('PUT', api('/alert-rules'), { rules: [{ sku, location: 'S1', min: 5 }] });
    await post(t, { type: 'receipt', sku, quantity: 2, location: 'S1' });
  };
  const health = async (id: number) =>
    (await t.call('GET', api(`/subscriptions/${id}`))).body.health;

  it('WeCom rate limit (errcode 45009) is not a delivery: it waits for the next minute and sends again, once', async () => {
    const receiver = await startReceiver((_req, n) => ({
      status: 200,
      body: n === 0 ? ROBOT_ANSWERS.wecom.rateLimited : ROBOT_ANSWERS.wecom.ok,
    }));
    const sub = await subscribe({
      kind: 'wecom',
      url: `${receiver.url}/cgi-bin/webhook/send?key=k1`,
      locations: ['S1'],
    });
    await openAlert('RL-1');

    expect(await run()).toEqual({ sent: 0, failed: 1 });
    expect(await health(sub.body.id)).toMatchObject({
      lastError: 'wecom 45009: api freq out of limit',
      failingSince: expect.any(String),
      pending: 1,
      dead: 0,
    });
    expect(await run(30_000)).toEqual({ sent: 0, failed: 0 }); // inside the robot's minute: not yet
    expect(await run(31_000)).toEqual({ sent: 1, failed: 0 });
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[0]!.body).toBe(receiver.received[1]!.body);
    expect(await health(sub.body.id)).toMatchObject({
      lastError: null,
      failingSince: null,
      lastDeliveredAt: expect.any(String),
      pending: 0,
      dead: 0,
    });
    await t.call('DELETE', api(`/subscriptions/${sub.body.id}`));
    await receiver.close();
  });

  it.each([
    ['wecom', ROBOT_ANSWERS.wecom.badKey, 'wecom 93000: invalid webhook url'],
    ['dingtalk', ROBOT_ANSWERS.dingtalk.badKey, 'dingtalk 300001: token is not exist'],
    [
      'feishu',
      ROBOT_ANSWERS.feishu.badKey,
      'feishu 19001: param invalid: incoming webhook access token invalid',
    ],
  ] as const)(
    '%s: a bad key or removed robot fails for good at once, with the robot’s message on the subscription',
    async (kind, answer, message) => {
      const receiver = await startReceiver(() => ({ status: 200, body: answer }));
      const sub = await subscribe({ kind, url: `${receiver.url}/robot`, locations: ['S1'] });
      await openAlert(`BK-${kind}`);

      expect(await run()).toEqual({ sent: 0, failed: 1 });
      expect(await run(3_600_000)).toEqual({ sent: 0, failed: 0 }); // never tried again
      expect(receiver.received).toHaveLength(1);
      const h = await health(sub.body.id);
      expect(h.lastError).toContain(message);
      expect(h).toMatchObject({
        failingSince: expect.any(String),
        lastDeliveredAt: null,
        pending: 0,
        dead: 1,
      });
      await t.call('DELETE', api(`/subscriptions/${sub.body.id}`));
      await receiver.close();
    },
  );

  it('shows a subscription to admins and managers only, and 404 for one that does not exist', async () => {
    const sub = await subscribe({ kind: 'generic', url: 'https://example.test/hook' });
    const clerk = await t.user('clerk-hooks', 'clerk');
    expect(
      (await t.call('GET', api(`/subscriptions/${sub.body.id}`), undefined, { token: clerk }))
        .status,
    ).toBe(403);
    expect((await t.call('GET', api(`/subscriptions/${sub.body.id}`))).body).toMatchObject({
      id: sub.body.id,
      health: { lastError: null, pending: 0, dead: 0 },
    });
    expect((await t.call('GET', api('/subscriptions/99999'))).status).toBe(404);
  });
});

describe('message formats', () => {
  const event = {
    id: 7,
    topic: 'alert.opened',
    createdAt: Date.UTC(2026, 10, 1),
    payload: { kind: 'below_min', sku: 'TEA-1', location: 'S1', available: 3, min: 10 },
  };
  const now = Date.UTC(2026, 10, 1, 8);

  it.each([
    [
      'wecom',
      'zh-CN',
      {
        msgtype: 'markdown',
        markdown: { content: '🔴 低于安全库存：S1 的 TEA-1，可用 3（最低 10）' },
      },
    ],
    ['slack', 'en', { text: '🔴 Below minimum: TEA-1 at S1, available 3 (min 10)' }],
    [
      'feishu',
      'en',
      {
        msg_type: 'text',
        content: { text: '🔴 Below minimum: TEA-1 at S1, available 3 (min 10)' },
      },
    ],
    [
      'dingtalk',
      'zh-CN',
      {
        msgtype: 'markdown',
        markdown: { title: '库存提醒', text: '🔴 低于安全库存：S1 的 TEA-1，可用 3（最低 10）' },
      },
    ],
  ] as const)('%s in %s', (kind, language, expected) => {
    const request = buildRequest(
      { kind, url: 'https://example.test/hook', secret: null, language },
      [event],
      now,
    );
    expect(JSON.parse(request.body)).toEqual(expected);
    expect(request.url).toBe('https://example.test/hook');
  });

  it('signs DingTalk and Feishu messages their way when a secret is set', () => {
    const ding = buildRequest(
      {
        kind: 'dingtalk',
        url: 'https://oapi.dingtalk.com/robot/send?access_token=t',
        secret: 'SECxyz',
        language: 'en',
      },
      [event],
      now,
    );
    expect(ding.url).toMatch(
      new RegExp(
        `^https://oapi\\.dingtalk\\.com/robot/send\\?access_token=t&timestamp=${now}&sign=`,
      ),
    );
    const feishu = JSON.parse(
      buildRequest(
        { kind: 'feishu', url: 'https://open.feishu.cn/x', secret: 'abc12345', language: 'en' },
        [event],
        now,
      ).body,
    );
    expect(feishu).toMatchObject({ timestamp: String(now / 1000), sign: expect.any(String) });
  });
});
