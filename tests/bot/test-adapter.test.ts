import { TestAdapter } from 'botbuilder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryBot } from '../../bot/teams-bot.js';
import { post, seedShop } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/*
 * Conversations where the wire protocol does not matter, through botbuilder's
 * TestAdapter: the bot itself, on a real temp-file ledger.
 */

let t: TestApp;
let bot: InventoryBot;
beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  await post(t, { type: 'receipt', sku: 'A', quantity: 7, location: 'S1' });
  const user = await t.call('POST', api('/users'), { name: 'mei', role: 'clerk' });
  const link = await t.call('POST', api(`/users/${user.body.id}/links`), {
    tenantId: 'tenant-1',
    aadObjectId: 'aad-mei',
  });
  if (user.status !== 201 || link.status >= 300)
    throw new Error(JSON.stringify([user.body, link.body]));
  bot = new InventoryBot({ database: t.database, now: () => t.clock.now });
});
afterAll(() => t.cleanup());

function adapter(aadObjectId: string, locale: string) {
  // The template is merged into every activity the test sends.
  return new TestAdapter((context) => bot.run(context), {
    channelId: 'msteams',
    locale,
    from: { id: `29:${aadObjectId}`, aadObjectId, name: aadObjectId },
    conversation: {
      id: `conv-${aadObjectId}`,
      tenantId: 'tenant-1',
      conversationType: 'personal',
      isGroup: false,
      name: '',
    },
    recipient: { id: '28:bot', name: 'Inventory' },
  });
}
const text = (a: unknown) => (a as { text?: string }).text ?? '';
const card = (a: unknown) =>
  (a as { attachments?: Array<{ content: { body: Array<Record<string, unknown>> } }> })
    .attachments?.[0]?.content;

describe('the bot through TestAdapter', () => {
  it('helps unlinked users in their language, and only helps them', async () => {
    await adapter('aad-stranger', 'zh-CN')
      .send('帮助')
      .assertReply((a) => expect(text(a)).toContain('**订阅 [库位]**'))
      .send('库存 A')
      .assertReply((a) => expect(text(a)).toContain('尚未识别您的身份'))
      .startTest();
    await adapter('aad-stranger', 'en-GB')
      .send('stock A')
      .assertReply((a) => expect(text(a)).toContain('I do not know who you are yet'))
      .startTest();
  });

  it('answers a linked clerk in Chinese: stock as a card, nothing pending, an unknown request explained', async () => {
    await adapter('aad-mei', 'zh-CN')
      .send('查库存 A S1')
      .assertReply((a) => expect(JSON.stringify(card(a))).toContain('"7"'))
      .send('待审批')
      .assertReply((a) => expect(text(a)).toBe('没有等待您审批的单据。'))
      .send('卖掉 A')
      .assertReply((a) => expect(text(a)).toBe('没有理解“卖掉 A”。发送 **帮助** 查看用法。'))
      .startTest();
  });

  it('tells a clerk, in the error words of the ledger, that a location does not exist', async () => {
    await adapter('aad-mei', 'en-US')
      .send('transfer A 2 from S1 to S9')
      .assertReply((a) => expect(text(a)).toMatch(/S9/))
      .startTest();
    expect((await t.call('GET', api('/transfers'))).body.items).toHaveLength(0);
  });
});
