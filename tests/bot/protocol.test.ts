import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountBot } from '../../bot/adapter.js';
import { createApp } from '../../core/http/app.js';
import { openDatabase } from '../../core/db/client.js';
import { deliverTeams } from '../../bot/teams-worker.js';
import { fanOutTeams } from '../../core/services/teams/fan-out.js';
import { post, seedShop } from '../helpers/fixtures.js';
import { startReceiver } from '../helpers/receiver.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/*
 * The real Bot Framework protocol: Teams-shaped activities are POSTed to
 * /api/messages of the app, whose replies go to `serviceUrl`, here a local server
 * that records what the bot sends (POST /v3/conversations/{id}/activities…).
 */

let t: TestApp;
let connector: Awaited<ReturnType<typeof startReceiver>>;
let bot: ReturnType<typeof createApp>;
let teams: ReturnType<typeof mountBot>;
let n = 0;
let sentIds = 0;
let throttling = true;

function activity(from: string, text: string, extra: Record<string, unknown> = {}) {
  return {
    type: 'message',
    id: `act-${++n}`,
    timestamp: new Date().toISOString(),
    serviceUrl: `${connector.url}/`,
    channelId: 'msteams',
    from: { id: `29:${from}`, aadObjectId: `aad-${from}`, name: from },
    conversation: { id: `conv-${from}`, tenantId: 'tenant-1', conversationType: 'personal' },
    recipient: { id: '28:bot', name: 'Inventory' },
    text,
    locale: 'en-US',
    ...extra,
  };
}

async function send(body: unknown, headers: Record<string, string> = {}) {
  const res = await bot.request('/api/messages', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** The last message the bot sent to a conversation. */
function lastReply(conversation: string) {
  const sent = connector.received.filter(
    (r) =>
      r.method === 'POST' && r.url.includes(`/v3/conversations/conv-${conversation}/activities`),
  );
  return sent.length ? JSON.parse(sent.at(-1)!.body) : undefined;
}

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  await post(t, { type: 'receipt', sku: 'A', quantity: 30, location: 'S1' });
  // Like the Bot Connector: sent activities get an id; one alert send is throttled first.
  connector = await startReceiver((req) => {
    // Alert cards to the group chat are throttled until the test lifts it. The connector
    // client retries a 429 itself a few times (honouring Retry-After) before giving up.
    if (
      req.url.includes('/conversations/conv-group') &&
      req.method === 'POST' &&
      req.body.includes('"attachments"') &&
      throttling
    ) {
      return {
        status: 429,
        headers: { 'retry-after': '1' },
        body: { error: { code: 'Throttled' } },
      };
    }
    return { status: 200, body: { id: `sent-${++sentIds}` } };
  });
  bot = createApp({ database: t.database, now: () => t.clock.now });
  teams = mountBot(bot, { database: t.database, now: () => t.clock.now }, { production: false });
});
afterAll(async () => {
  await connector.close();
  await t.cleanup();
});

/** The pauses the worker asked for (not slept: the test's clock is its own). */
const pauses: number[] = [];
const noSleep = async (ms: number) => void pauses.push(ms);
const worker =
  (teams: { adapter: any; appId: string }) =>
  async (advanceMs = 0) => {
    t.clock.now += advanceMs;
    await fanOutTeams(t.database, t.clock.now);
    return deliverTeams(t.database, teams.adapter, teams.appId, {
      now: t.clock.now,
      sleep: noSleep,
    });
  };

describe('the Teams bot over the Bot Framework protocol', () => {
  it('asks an unlinked user to link, links with a one-time code, then answers stock with a card', async () => {
    expect((await send(activity('li', 'stock A'))).status).toBe(200);
    expect(lastReply('li').text).toContain('link CODE');

    const clerk = await t.call('POST', api('/users'), {
      name: 'li',
      role: 'clerk',
      locations: ['S1'],
    });
    const code = await t.call('POST', api('/me/link-codes'), {}, { token: clerk.body.token });
    expect(code.status).toBe(201);
    await send(activity('li', `link ${code.body.code}`));
    expect(lastReply('li').text).toBe('Linked: you are li in the ledger.');
    await send(activity('li', `link ${code.body.code}`));
    expect(lastReply('li').text).toContain('unknown or has expired');

    await send(activity('li', '<at>Inventory</at> stock A', { locale: 'zh-CN' }));
    const card = lastReply('li').attachments[0];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.body[0].text).toBe('A 的库存');
    expect(card.content.body[1].rows[1].cells.map((c: any) => c.items[0].text)).toEqual([
      'S1',
      '30',
      '0',
      '30',
    ]);

    await send(activity('li', '690000001')); // a barcode of A
    expect(lastReply('li').attachments[0].content.body[0].text).toBe('Stock of A');
    await send(activity('li', 'stock NOPE'));
    expect(lastReply('li').text).toBe('No item "NOPE" exists.');
    await send(activity('li', 'help'));
    expect(lastReply('li').text).toContain('stock SKU [location]');
  });

  it('requests a transfer, lists pending approvals, and decides them from the card', async () => {
    await t.call('PUT', api('/approval-policies'), {
      policies: [{ documentType: 'transfer', levels: [{ role: 'manager' }] }],
    });
    const manager = await t.call('POST', api('/users'), {
      name: 'wang',
      role: 'manager',
      locations: ['S1'],
    });
    await t.call('POST', api(`/users/${manager.body.id}/links`), {
      tenantId: 'tenant-1',
      aadObjectId: 'aad-wang',
    });

    await send(activity('li', 'transfer A 5 from S1 to S2'));
    const created = /#(\d+)/.exec(lastReply('li').text)!;
    const id = Number(created[1]);
    expect(lastReply('li').text).toBe(`Transfer #${id} requested: pending_approval.`);

    await send(activity('wang', 'pending'));
    expect(lastReply('wang').text).toContain(`transfer #${id}: 5 units`);

    const transfer = await t.call('GET', api(`/transfers/${id}`));
    const click = (from: string, version: number) =>
      send({
        ...activity(from, ''),
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'approve',
            data: { documentType: 'transfer', documentId: id, version, comment: 'ok' },
          },
        },
      });
    const refused = await click('li', transfer.body.version);
    expect(refused.body.value.body[0].text).toContain('You are not allowed');

    const approved = await click('wang', transfer.body.version);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      statusCode: 200,
      type: 'application/vnd.microsoft.card.adaptive',
    });
    expect(approved.body.value.body.at(-1).text).toMatch(/^Approved by wang at /);
    expect(approved.body.value.actions).toBeUndefined();
    // The clicker's card is the same card every other copy becomes: stock at both ends too.
    expect(approved.body.value.body[2].facts[0].value).toMatch(
      /\(Available at S1 \/ S2: \d+ \/ \d+\)$/,
    );
    expect((await t.call('GET', api(`/transfers/${id}`))).body.status).toBe('approved');

    // A second click on the old card: answered in that card, no new message.
    const before = connector.received.length;
    const stale = await click('wang', transfer.body.version);
    expect(stale.body.value.body[0].text).toContain('cannot change now');
    expect(connector.received.length).toBe(before);
  });

  it('sends approval cards to the approvers and updates every copy once decided', async () => {
    const run = worker(teams);
    await run(); // what the earlier tests queued
    const boss = await t.call('POST', api('/users'), { name: 'zhao', role: 'manager' });
    await t.call('POST', api(`/users/${boss.body.id}/links`), {
      tenantId: 'tenant-1',
      aadObjectId: 'aad-zhao',
    });
    await send(activity('zhao', 'help')); // the bot learns zhao's personal chat
    await send(activity('wang', 'help'));

    await send(activity('li', 'transfer A 3 from S1 to S2'));
    const id = Number(/#(\d+)/.exec(lastReply('li').text)![1]);
    const before = connector.received.length;
    pauses.length = 0;
    expect(await run()).toEqual({ sent: 2, failed: 0 });
    expect(pauses.length).toBe(2); // paced: at most 7 messages a second
    expect(pauses.every((ms) => ms >= 1000 / 7)).toBe(true);
    const cards = connector.received.slice(before).filter((r) => r.method === 'POST');
    expect(cards.map((r) => r.url.split('/')[3]).sort()).toEqual(['conv-wang', 'conv-zhao']);
    const card = JSON.parse(cards[0]!.body).attachments[0].content;
    expect(card.body[0].text).toBe(`Transfer #${id}: S1 → S2`);
    expect(card.body[2].facts[0].value).toMatch(/^3 {2}\(Available at S1 \/ S2: \d+ \/ 0\)$/);
    expect(card.actions.map((a: any) => a.verb)).toEqual(['approve', 'reject']);
    expect(await run()).toEqual({ sent: 0, failed: 0 }); // once

    const version = card.actions[0].data.version;
    await send({
      ...activity('zhao', ''),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'approve',
          data: { documentType: 'transfer', documentId: id, version },
        },
      },
    });
    const beforeUpdate = connector.received.length;
    expect(await run()).toEqual({ sent: 2, failed: 0 });
    const updates = connector.received.slice(beforeUpdate);
    expect(updates.every((r) => r.method === 'PUT')).toBe(true);
    expect(updates.map((r) => r.url.split('/')[3]).sort()).toEqual(['conv-wang', 'conv-zhao']);
    expect(JSON.parse(updates[0]!.body).attachments[0].content.body.at(-1).text).toMatch(
      /^Approved by zhao at /,
    );
  });

  it('takes a decision from the Action.Submit fallback of older clients, replacing the card', async () => {
    await send(activity('li', 'transfer A 1 from S1 to S2'));
    const id = Number(/#(\d+)/.exec(lastReply('li').text)![1]);
    const version = (await t.call('GET', api(`/transfers/${id}`))).body.version;
    const before = connector.received.length;
    const res = await send({
      ...activity('wang', ''),
      replyToId: 'card-7',
      value: {
        verb: 'reject',
        documentType: 'transfer',
        documentId: id,
        version,
        comment: 'not now',
      },
    });
    expect(res.status).toBe(200);
    const sent = connector.received.slice(before);
    expect(sent.map((r) => [r.method, r.url])).toEqual([
      ['PUT', '/v3/conversations/conv-wang/activities/card-7'],
    ]);
    expect(JSON.parse(sent[0]!.body).attachments[0].content.body.at(-1).text).toMatch(
      /^Rejected by wang at /,
    );
    expect((await t.call('GET', api(`/transfers/${id}`))).body.status).toBe('rejected');
  });

  it('sends stocktake differences and credit overrides for approval by card, and takes the decision', async () => {
    const run = worker(teams);
    await run();
    await t.call('PUT', api('/approval-policies'), {
      policies: [
        {
          documentType: 'stocktake_variance',
          levels: [{ minVariancePercent: 10, role: 'manager' }],
        },
      ],
    });
    const clerk = (
      await t.call('POST', api('/users'), { name: 'counter', role: 'clerk', locations: ['S1'] })
    ).body.token;
    const stocktake = await t.call(
      'POST',
      api('/stocktakes'),
      { location: 'S1', skus: ['A'] },
      { token: clerk },
    );
    const book = (await t.call('GET', api('/stock/S1/A'))).body.onHand;
    await t.call(
      'POST',
      api(`/stocktakes/${stocktake.body.id}/counts`),
      { lines: [{ sku: 'A', quantity: book - 5, mode: 'set' }] },
      { token: clerk },
    );
    const submitted = await t.call(
      'POST',
      api(`/stocktakes/${stocktake.body.id}/submit`),
      {},
      { token: clerk },
    );
    expect(submitted.body.status).toBe('submitted');
    await send(activity('wang', '待审批', { locale: 'zh-CN' }));
    expect(lastReply('wang').text).toContain(`盘点差异 #${stocktake.body.id}：5 件`);
    await send(activity('wang', 'pending')); // back to English for the cards below
    expect(lastReply('wang').text).toContain(
      `stocktake differences #${stocktake.body.id}: 5 units`,
    );
    const before = connector.received.length;
    expect((await run()).sent).toBe(2); // wang (manager of S1) and zhao (manager everywhere)
    const card = JSON.parse(
      connector.received.slice(before).find((r) => r.url.includes('conv-wang'))!.body,
    ).attachments[0].content;
    expect(card.body[0].text).toBe(`Stocktake #${stocktake.body.id} at S1: differences to approve`);
    expect(card.body[2].facts).toEqual([
      { title: 'A', value: `-5 (counted ${book - 5}, book ${book})` },
    ]);
    const decided = await send({
      ...activity('wang', ''),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: {
        action: {
          type: 'Action.Execute',
          verb: 'approve',
          data: { ...card.actions[0].data, comment: 'ok' },
        },
      },
    });
    expect(decided.body.value.body.at(-1).text).toMatch(/^Approved by wang at /);
    expect((await t.call('GET', api(`/stocktakes/${stocktake.body.id}`))).body.status).toBe(
      'approved',
    );

    await t.call('PUT', api('/customers/HOTEL'), { name: 'Hotel', creditLimit: 100 });
    const order = await t.call(
      'POST',
      api('/sales-orders'),
      { customer: 'HOTEL', location: 'S1', lines: [{ sku: 'A', quantity: 2, unitPrice: 80 }] },
      { token: clerk },
    );
    expect(order.body.status).toBe('pending_approval');
    const beforeCredit = connector.received.length;
    await run();
    const credit = JSON.parse(
      connector.received
        .slice(beforeCredit)
        .find((r) => r.method === 'POST' && r.url.includes('conv-zhao'))!.body,
    ).attachments[0].content;
    expect(credit.body[0].text).toBe(
      `Sales order #${order.body.id} to HOTEL: over the credit limit`,
    );
    expect(credit.body[1].facts).toEqual([
      { title: 'Requested by', value: 'counter' },
      { title: 'Value', value: '160.00' },
      { title: 'Credit left before this order', value: '100.00' },
    ]);
    await send({
      ...activity('zhao', ''),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'reject', data: credit.actions[1].data } },
    });
    expect((await t.call('GET', api(`/sales-orders/${order.body.id}`))).body.status).toBe(
      'rejected',
    );
  });

  it('sends a transfer write-off for approval by card, and writes it off once approved', async () => {
    const run = worker(teams);
    await run();
    await t.call('PUT', api('/approval-policies'), {
      policies: [{ documentType: 'transfer_loss', levels: [{ minQuantity: 1, role: 'manager' }] }],
    });
    const shipper = (
      await t.call('POST', api('/users'), { name: 'shipper', role: 'clerk', locations: ['S1'] })
    ).body.token;
    const receiver = (
      await t.call('POST', api('/users'), { name: 'receiver', role: 'clerk', locations: ['S2'] })
    ).body.token;
    const tr = await t.call(
      'POST',
      api('/transfers'),
      { from: 'S1', to: 'S2', lines: [{ sku: 'A', quantity: 3 }] },
      { token: shipper },
    );
    const approved =
      tr.body.status === 'approved'
        ? tr
        : await t.call('POST', api(`/transfers/${tr.body.id}/approve`), {
            version: tr.body.version,
          });
    expect(approved.body.status).toBe('approved');
    await t.call('POST', api(`/transfers/${tr.body.id}/ship`), {}, { token: shipper });
    await run(); // the transfer's own approval cards and their updates
    const closed = await t.call(
      'POST',
      api(`/transfers/${tr.body.id}/close`),
      { lines: [{ sku: 'A', reason: 'damaged', note: 'wet box' }] },
      { token: receiver },
    );
    expect(closed.body.status).toBe('loss_pending_approval');

    await send(activity('wang', 'pending'));
    expect(lastReply('wang').text).toContain(`transfer write-off #${tr.body.id}`);
    const before = connector.received.length;
    expect((await run()).sent).toBe(2); // wang (manager of S1) and zhao (manager everywhere)
    const card = JSON.parse(
      connector.received.slice(before).find((r) => r.url.includes('conv-wang'))!.body,
    ).attachments[0].content;
    expect(card.body[0].text).toBe(
      `Transfer #${tr.body.id}: S1 → S2, write off what never arrived`,
    );
    expect(card.body[1].facts[0]).toEqual({ title: 'Requested by', value: 'receiver' });
    expect(card.body[2].facts).toEqual([{ title: 'A', value: '3 (damaged: wet box)' }]);
    const decided = await send({
      ...activity('wang', ''),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb: 'approve', data: card.actions[0].data } },
    });
    expect(decided.body.value.body.at(-1).text).toMatch(/^Approved by wang at /);
    expect((await t.call('GET', api(`/transfers/${tr.body.id}`))).body).toMatchObject({
      status: 'closed_with_discrepancy',
      lines: [{ lost: 3 }],
    });
    // Every copy of the card says so.
    const updates = connector.received.length;
    await run();
    const puts = connector.received.slice(updates).filter((r) => r.method === 'PUT');
    expect(puts.map((r) => r.url.split('/')[3]).sort()).toEqual(['conv-wang', 'conv-zhao']);
    expect(JSON.parse(puts[0]!.body).attachments[0].content.body.at(-1).text).toMatch(
      /^Approved by wang at /,
    );
  });

  it('delivers alerts to subscribed group chats once, after a 429 with Retry-After', async () => {
    const run = worker(teams);
    const group = (text: string) =>
      send(
        activity('wang', text, {
          conversation: { id: 'conv-group', tenantId: 'tenant-1', conversationType: 'groupChat' },
        }),
      );
    await group('subscribe S2');
    expect(lastReply('group').text).toBe('This chat will hear about stock alerts for S2.');
    await group('subscriptions');
    expect(lastReply('group').text).toBe('This chat will hear about stock alerts for S2.');
    await send(activity('wang', 'subscribe'));
    expect(lastReply('wang').text).toContain('group chat');
    // Another chat wants only overstock at S2, in Chinese.
    const other = (text: string) =>
      send(
        activity('wang', text, {
          locale: 'zh-CN',
          conversation: { id: 'conv-kinds', tenantId: 'tenant-1', conversationType: 'groupChat' },
        }),
      );
    await other('订阅 S2 超储');
    expect(lastReply('kinds').text).toBe('本群将收到 S2 的库存提醒（超储）。');

    await run();
    await t.call('PUT', api('/alert-rules'), { rules: [{ sku: 'B', location: 'S2', min: 5 }] });
    await post(t, { type: 'receipt', sku: 'B', quantity: 2, location: 'S2' }); // below min at S2
    await post(t, { type: 'receipt', sku: 'B', quantity: 2, location: 'S1' }); // S1: not this chat's
    const before = connector.received.length;
    const r0 = await run();
    expect(r0).toEqual({ sent: 0, failed: 1 }); // 429 after the client's own retries
    throttling = false;
    // Not before Retry-After and the queue's backoff (2 s, ± 25 % jitter: 1.5–2.5 s).
    expect(await run(1000)).toEqual({ sent: 0, failed: 0 });
    expect(await run(1600)).toEqual({ sent: 1, failed: 0 });
    expect(await run(60_000)).toEqual({ sent: 0, failed: 0 }); // once
    expect(connector.received.slice(before).filter((r) => r.url.includes('conv-kinds'))).toEqual(
      [],
    ); // not its kind
    const posts = connector.received.slice(before).filter((r) => r.url.includes('conv-group'));
    expect(posts.length).toBeGreaterThan(1);
    expect(posts.map((r) => r.status)).toEqual([...posts.slice(0, -1).map(() => 429), 200]);
    const card = JSON.parse(posts[1]!.body).attachments[0].content;
    expect(card.body[0].text).toBe('🔴 Below minimum: Item B at S2, available 2 (min 5)');
    expect(card.body[1].actions[0]).toMatchObject({ verb: 'acknowledge' });

    // Many at once: one digest card, not a flood.
    const skus = Array.from({ length: 12 }, (_, i) => `D${i}`);
    for (const sku of skus) await t.call('POST', api('/items'), { sku, name: sku });
    await t.call('PUT', api('/alert-rules'), {
      rules: skus.map((sku) => ({ sku, location: 'S2', min: 5 })),
    });
    const beforeDigest = connector.received.length;
    expect(
      (
        await t.call('POST', api('/movements/batch'), {
          rows: skus.map((sku) => ({ type: 'receipt', sku, quantity: 3, location: 'S2' })),
        })
      ).status,
    ).toBe(200);
    expect(await run()).toEqual({ sent: 1, failed: 0 });
    const digest = connector.received
      .slice(beforeDigest)
      .filter((r) => r.url.includes('conv-group'));
    expect(digest).toHaveLength(1);
    const digestCard = JSON.parse(digest[0]!.body).attachments[0].content;
    expect(digestCard.body[0].text).toBe('12 inventory events');
    expect(digestCard.body.filter((b: any) => b.type === 'ActionSet')).toHaveLength(12);

    // Two service processes (two connections to the file) fan out and deliver at once:
    // the next alert still reaches the chat once.
    const second = await openDatabase({ url: t.url, migrate: false });
    try {
      const adapter2 = mountBot(
        createApp({ database: second }),
        { database: second, now: () => t.clock.now },
        { production: false },
      );
      await post(t, { type: 'receipt', sku: 'A', quantity: 1, location: 'S2' });
      await post(t, { type: 'issue', sku: 'A', quantity: 1, location: 'S2' }); // zero_stock at S2
      const beforeTwo = connector.received.length;
      await Promise.all([fanOutTeams(t.database, t.clock.now), fanOutTeams(second, t.clock.now)]);
      const [a, b] = await Promise.all([
        deliverTeams(t.database, teams.adapter, teams.appId, {
          now: t.clock.now,
          sleep: noSleep,
          workerId: 'one',
        }),
        deliverTeams(second, adapter2.adapter, adapter2.appId, {
          now: t.clock.now,
          sleep: noSleep,
          workerId: 'two',
        }),
      ]);
      expect(a.sent + b.sent).toBe(1);
      expect(
        connector.received.slice(beforeTwo).filter((r) => r.url.includes('conv-group')),
      ).toHaveLength(1);
    } finally {
      await second.close();
    }

    await group('unsubscribe');
    expect(lastReply('group').text).toBe('This chat will no longer hear about stock alerts.');
  });

  it('refuses an activity without a token when an app id is configured', async () => {
    const secured = createApp({ database: t.database });
    mountBot(
      secured,
      { database: t.database, now: Date.now },
      { appId: '00000000-0000-0000-0000-000000000001', appPassword: 'secret', production: true },
    );
    const res = await secured.request('/api/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity('li', 'help')),
    });
    expect(res.status).toBe(401);
  });

  it('answers only the tenants on the allow-list, when there is one', async () => {
    const listed = createApp({ database: t.database });
    mountBot(
      listed,
      { database: t.database, now: () => t.clock.now },
      { production: false, allowedTenants: ['tenant-1'] },
    );
    const call = (tenantId: string) =>
      listed.request('/api/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(
          activity('li', 'help', {
            conversation: { id: 'conv-li', tenantId, conversationType: 'personal' },
          }),
        ),
      });
    const before = connector.received.length;
    expect((await call('tenant-2')).status).toBe(403);
    expect(connector.received.length).toBe(before); // not a word to the other tenant
    expect((await call('tenant-1')).status).toBe(200);
    expect(lastReply('li').text).toContain('stock');
  });

  it("answers every bare command of the app package's command menu with its use, in English and Chinese", async () => {
    const manifest = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../bot/appPackage/manifest.json'), 'utf8'),
    );
    const zh = JSON.parse(
      readFileSync(join(import.meta.dirname, '../../bot/appPackage/zh-cn.json'), 'utf8'),
    );
    const titles = new Set<string>(
      manifest.bots[0].commandLists.flatMap((list: any) => list.commands.map((c: any) => c.title)),
    );
    const zhTitles = Object.entries(zh)
      .filter(([key]) => key.endsWith('.title'))
      .map(([, value]) => String(value));
    const clerk = await t.call('POST', api('/users'), {
      name: 'menu',
      role: 'clerk',
      locations: ['S1'],
    });
    const code = await t.call('POST', api('/me/link-codes'), {}, { token: clerk.body.token });
    await send(activity('menu', `link ${code.body.code}`));
    for (const [word, locale] of [
      ...[...titles].map((w) => [w, 'en-US'] as const),
      ...zhTitles.map((w) => [w, 'zh-CN'] as const),
    ]) {
      await send(activity('menu', word, { locale }));
      const answer = lastReply('menu');
      expect(answer.text ?? answer.attachments, word).toBeDefined();
      expect(answer.text ?? '', word).not.toMatch(/did not understand|没有理解/);
    }
    await send(activity('menu', 'stock'));
    expect(lastReply('menu').text).toBe(
      'To see stock, send **stock SKU** or **stock SKU location**, e.g. **stock LJ-100 S1**, or just a barcode.',
    );
    await send(activity('menu', '调拨', { locale: 'zh-CN' }));
    expect(lastReply('menu').text).toContain('调拨 SKU 数量 从 S1 到 S2');
    // Before linking too: the usage of link is what an unlinked user needs.
    await send(activity('stranger', 'link'));
    expect(lastReply('stranger').text).toContain('link CODE');
  });

  it('in development mode, only talks to loopback serviceUrls, and refuses to run in production', async () => {
    const res = await send(
      activity('li', 'help', { serviceUrl: 'https://smba.trafficmanager.net/emea/' }),
    );
    expect(res.status).toBe(403);
    expect(() =>
      mountBot(
        createApp({ database: t.database }),
        { database: t.database, now: Date.now },
        { production: true },
      ),
    ).toThrow(/MicrosoftAppId/);
  });
});
