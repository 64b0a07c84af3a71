import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountBot } from '../../bot/adapter.js';
import { createApp } from '../../core/http/app.js';
import { createLinkCode } from '../../core/services/teams/links.js';
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
let n = 0;

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
  const res = await bot.request('/api/messages', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** The last message the bot sent to a conversation. */
function lastReply(conversation: string) {
  const sent = connector.received.filter((r) => r.method === 'POST' && r.url.includes(`/v3/conversations/conv-${conversation}/activities`));
  return sent.length ? JSON.parse(sent.at(-1)!.body) : undefined;
}

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  await post(t, { type: 'receipt', sku: 'A', quantity: 30, location: 'S1' });
  connector = await startReceiver();
  bot = createApp({ database: t.database, now: () => t.clock.now });
  mountBot(bot, { database: t.database, now: () => t.clock.now }, { production: false });
});
afterAll(async () => {
  await connector.close();
  await t.cleanup();
});

describe('the Teams bot over the Bot Framework protocol', () => {
  it('asks an unlinked user to link, links with a one-time code, then answers stock with a card', async () => {
    expect((await send(activity('li', 'stock A'))).status).toBe(200);
    expect(lastReply('li').text).toContain('link CODE');

    const clerk = await t.call('POST', api('/users'), { name: 'li', role: 'clerk', locations: ['S1'] });
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
    expect(card.content.body[1].rows[1].cells.map((c: any) => c.items[0].text)).toEqual(['S1', '30', '0', '30']);

    await send(activity('li', '690000001')); // a barcode of A
    expect(lastReply('li').attachments[0].content.body[0].text).toBe('Stock of A');
    await send(activity('li', 'stock NOPE'));
    expect(lastReply('li').text).toBe('No item "NOPE" exists.');
    await send(activity('li', 'help'));
    expect(lastReply('li').text).toContain('stock SKU [location]');
  });

  it('requests a transfer, lists pending approvals, and decides them from the card', async () => {
    await t.call('PUT', api('/approval-policies'), { policies: [{ documentType: 'transfer', levels: [{ role: 'manager' }] }] });
    const manager = await t.call('POST', api('/users'), { name: 'wang', role: 'manager', locations: ['S1'] });
    await t.call('POST', api(`/users/${manager.body.id}/links`), { tenantId: 'tenant-1', aadObjectId: 'aad-wang' });

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
        value: { action: { type: 'Action.Execute', verb: 'approve', data: { documentType: 'transfer', documentId: id, version, comment: 'ok' } } },
      });
    const refused = await click('li', transfer.body.version);
    expect(refused.body.value.body[0].text).toContain('You are not allowed');

    const approved = await click('wang', transfer.body.version);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(approved.body.value.body.at(-1).text).toMatch(/^Approved by wang at /);
    expect(approved.body.value.actions).toBeUndefined();
    expect((await t.call('GET', api(`/transfers/${id}`))).body.status).toBe('approved');

    // A second click on the old card: answered in that card, no new message.
    const before = connector.received.length;
    const stale = await click('wang', transfer.body.version);
    expect(stale.body.value.body[0].text).toContain('cannot change now');
    expect(connector.received.length).toBe(before);
  });

  it('refuses an activity without a token when an app id is configured', async () => {
    const secured = createApp({ database: t.database });
    mountBot(secured, { database: t.database, now: Date.now }, { appId: '00000000-0000-0000-0000-000000000001', appPassword: 'secret', production: true });
    const res = await secured.request('/api/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity('li', 'help')) });
    expect(res.status).toBe(401);
  });

  it('in development mode, only talks to loopback serviceUrls, and refuses to run in production', async () => {
    const res = await send(activity('li', 'help', { serviceUrl: 'https://smba.trafficmanager.net/emea/' }));
    expect(res.status).toBe(403);
    expect(() => mountBot(createApp({ database: t.database }), { database: t.database, now: Date.now }, { production: true })).toThrow(/MicrosoftAppId/);
  });
});
