import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountBot } from '../../bot/adapter.js';
import { deliverTeams } from '../../bot/teams-worker.js';
import { createApp } from '../../core/http/app.js';
import { publishWeeklyDigest } from '../../core/services/suggestions/weekly-digest.js';
import { fanOutTeams } from '../../core/services/teams/fan-out.js';
import { deliverDue, fanOut } from '../../core/services/webhooks/deliver.js';
import { startReceiver } from '../helpers/receiver.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/*
 * The weekly "what to order": once a week each location's purchase suggestions go to
 * the webhook subscriptions and the subscribed Teams group chats of that location, once,
 * whichever process gets there first.
 */
let t: TestApp;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let teams: ReturnType<typeof mountBot>;
let bot: ReturnType<typeof createApp>;
const WEDNESDAY = Date.parse('2026-11-11T07:00:00Z');

beforeAll(async () => {
  t = await testApp();
  receiver = await startReceiver((req) => ({
    status: 200,
    body: req.url.includes('/v3/') ? { id: 'sent' } : { errcode: 0 },
  }));
  for (const code of ['S1', 'S2'])
    await t.call('POST', api('/locations'), { code, name: code, kind: 'store' });
  await t.call('POST', api('/items'), { sku: 'TEA', name: 'Tea' });
  await t.call('POST', api('/suppliers'), { name: 'Tea Co', leadTimeDays: 7 });
  const po = await t.call('POST', api('/purchase-orders'), {
    supplier: 'Tea Co',
    location: 'S1',
    lines: [{ sku: 'TEA', quantity: 100, unitCost: 3 }],
  });
  await t.call('POST', api(`/purchase-orders/${po.body.id}/receive`), {
    lines: [{ sku: 'TEA', quantity: 100 }],
  });
  await t.call('POST', api('/movements'), {
    type: 'receipt',
    sku: 'TEA',
    quantity: 40,
    location: 'S2',
  }); // S2 sells nothing: nothing to order there
  for (let day = 2; day <= 10; day++) {
    const at = `2026-11-${String(day).padStart(2, '0')}T12:00:00Z`;
    t.clock.now = Date.parse(at);
    await t.call('POST', api('/movements'), {
      type: 'issue',
      sku: 'TEA',
      quantity: 10,
      location: 'S1',
      occurredAt: at,
    });
  }
  t.clock.now = WEDNESDAY;
  bot = createApp({ database: t.database, now: () => t.clock.now });
  teams = mountBot(bot, { database: t.database, now: () => t.clock.now }, { production: false });
});
afterAll(async () => {
  await receiver.close();
  await t.cleanup();
});

const chat = (id: string, text: string, conversationType = 'groupChat') =>
  bot.request('/api/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `a-${Math.random()}`,
      timestamp: new Date().toISOString(),
      serviceUrl: `${receiver.url}/`,
      channelId: 'msteams',
      from: { id: '29:wang', aadObjectId: 'aad-wang', name: 'wang' },
      conversation: { id, tenantId: 'tenant-1', conversationType },
      recipient: { id: '28:bot', name: 'Inventory' },
      text,
      locale: 'en-US',
    }),
  });
const deliver = async () => {
  await fanOut(t.database, t.clock.now);
  await deliverDue(t.database, { now: t.clock.now });
  await fanOutTeams(t.database, t.clock.now);
  await deliverTeams(t.database, teams.adapter, teams.appId, {
    now: t.clock.now,
    sleep: async () => {},
  });
};
const to = (path: string) => receiver.received.filter((r) => r.url.startsWith(path));

describe('the weekly "what to order" digest', () => {
  it('goes once a week to the subscriptions and group chats of each location that has something to order', async () => {
    await t.call('POST', api('/subscriptions'), {
      kind: 'generic',
      url: `${receiver.url}/generic`,
      locations: ['S1'],
      language: 'en',
    });
    await t.call('POST', api('/subscriptions'), {
      kind: 'wecom',
      url: `${receiver.url}/wecom`,
      language: 'zh-CN',
    });
    await t.call('POST', api('/subscriptions'), {
      kind: 'slack',
      url: `${receiver.url}/slack-s2`,
      locations: ['S2'],
      language: 'en',
    });
    await t.call('POST', api('/subscriptions'), {
      kind: 'slack',
      url: `${receiver.url}/slack-alerts`,
      events: ['alert.opened'],
      language: 'en',
    });
    // A manager links their Teams account, then subscribes two group chats.
    const manager = await t.call('POST', api('/users'), { name: 'wang', role: 'manager' });
    const code = await t.call('POST', api('/me/link-codes'), {}, { token: manager.body.token });
    await chat('conv-wang', `link ${code.body.code}`, 'personal');
    await chat('conv-s1', 'subscribe S1 overstock'); // its alert kinds do not filter the digest
    await chat('conv-s2', 'subscribe S2');

    const suggested = (await t.call('GET', api('/suggestions/purchase?location=S1'))).body.items;
    expect(suggested).toHaveLength(1);
    expect(await publishWeeklyDigest(t.database, { now: t.clock.now })).toBe(1);
    // Again the same week, from this process or another: nothing more.
    expect(await publishWeeklyDigest(t.database, { now: t.clock.now + 3_600_000 })).toBe(0);
    const events = await t.database.client.execute(
      `SELECT payload FROM outbox WHERE topic = 'suggestions.weekly'`,
    );
    expect(events.rows.map((r) => JSON.parse(String(r['payload'])))).toEqual([
      {
        location: 'S1',
        week: '2026-11-09',
        count: 1,
        units: suggested[0].quantity,
        lines: [
          { sku: 'TEA', quantity: suggested[0].quantity, supplier: 'Tea Co', method: 'velocity' },
        ],
        names: { items: { TEA: 'Tea' }, locations: { S1: 'S1' } },
      },
    ]);

    await deliver();
    expect(JSON.parse(to('/generic')[0]!.body)).toMatchObject({
      topic: 'suggestions.weekly',
      data: { location: 'S1', lines: [{ sku: 'TEA', supplier: 'Tea Co' }] },
    });
    expect(JSON.parse(to('/wecom')[0]!.body).markdown.content).toBe(
      `🛒 本周 S1 建议采购：1 种商品，共 ${suggested[0].quantity} 件：Tea × ${suggested[0].quantity}（按近期销量）`,
    );
    expect(to('/slack-s2')).toEqual([]);
    expect(to('/slack-alerts')).toEqual([]);
    const cards = to('/v3/conversations/conv-s1/activities').filter((r) =>
      r.body.includes('attachments'),
    );
    expect(cards).toHaveLength(1);
    const card = JSON.parse(cards[0]!.body).attachments[0].content;
    expect(card.body[0].text).toBe('What to order this week at S1');
    expect(card.body[2].rows[0].cells.map((c: any) => c.items[0].text)).toEqual([
      'Item',
      'Quantity',
      'Supplier',
      'Based on',
    ]);
    expect(card.body[2].rows[1].cells.map((c: any) => c.items[0].text)).toEqual([
      'TEA',
      String(suggested[0].quantity),
      'Tea Co',
      'recent sales',
    ]);
    expect(
      to('/v3/conversations/conv-s2/activities').filter((r) => r.body.includes('attachments')),
    ).toEqual([]);

    await deliver();
    expect(to('/generic')).toHaveLength(1);
    expect(
      to('/v3/conversations/conv-s1/activities').filter((r) => r.body.includes('attachments')),
    ).toHaveLength(1);
  });

  it('comes again the next week, from Monday on', async () => {
    t.clock.now = Date.parse('2026-11-15T23:00:00Z'); // Sunday: still last week's
    expect(await publishWeeklyDigest(t.database, { now: t.clock.now })).toBe(0);
    t.clock.now = Date.parse('2026-11-16T01:00:00Z');
    expect(await publishWeeklyDigest(t.database, { now: t.clock.now })).toBe(1);
  });
});
