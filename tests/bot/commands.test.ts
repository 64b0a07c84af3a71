import { describe, expect, it } from 'vitest';
import { cleanMessage, parseCommand } from '../../bot/src/commands.js';

describe('parseCommand', () => {
  it.each([
    ['help', { kind: 'help' }],
    ['帮助', { kind: 'help' }],
    ['', { kind: 'help' }],
    ['<at>Inventory</at> ', { kind: 'help' }],
    ['stock SKU-1', { kind: 'stock', code: 'SKU-1' }],
    ['Stock SKU-1 S1', { kind: 'stock', code: 'SKU-1', location: 'S1' }],
    ['库存 SKU-1', { kind: 'stock', code: 'SKU-1' }],
    ['查库存 SKU-1 门店1', { kind: 'stock', code: 'SKU-1', location: '门店1' }],
    ['查库存\u3000SKU-1\u3000门店1', { kind: 'stock', code: 'SKU-1', location: '门店1' }],
    ['<at>Inventory</at> stock SKU-1', { kind: 'stock', code: 'SKU-1' }],
    ['6901234567892', { kind: 'stock', code: '6901234567892' }],
    ['pending', { kind: 'pending' }],
    ['待审批', { kind: 'pending' }],
    [
      'transfer SKU-1 5 from S1 to S2',
      { kind: 'transfer', sku: 'SKU-1', quantity: 5, from: 'S1', to: 'S2' },
    ],
    [
      'transfer SKU-1 5 S1 to S2',
      { kind: 'transfer', sku: 'SKU-1', quantity: 5, from: 'S1', to: 'S2' },
    ],
    [
      '调拨 SKU-1 5 从 门店1 到 门店2',
      { kind: 'transfer', sku: 'SKU-1', quantity: 5, from: '门店1', to: '门店2' },
    ],
    ['调拨 SKU-1 5 S1→S2', { kind: 'transfer', sku: 'SKU-1', quantity: 5, from: 'S1', to: 'S2' }],
    ['link 483920', { kind: 'link', code: '483920' }],
    ['绑定 483920', { kind: 'link', code: '483920' }],
    ['subscribe S1 S2', { kind: 'subscribe', locations: ['S1', 'S2'], alertKinds: [] }],
    ['订阅', { kind: 'subscribe', locations: [], alertKinds: [] }],
    [
      'subscribe S1 below_min Zero-Stock',
      { kind: 'subscribe', locations: ['S1'], alertKinds: ['below_min', 'zero_stock'] },
    ],
    [
      '订阅 门店1 低库存 缺货 低于安全库存',
      { kind: 'subscribe', locations: ['门店1'], alertKinds: ['below_min', 'zero_stock'] },
    ],
    ['unsubscribe', { kind: 'unsubscribe', locations: [] }],
    ['取消订阅 S1', { kind: 'unsubscribe', locations: ['S1'] }],
    ['subscriptions', { kind: 'subscriptions' }],
    ['transfer SKU-1 0 from S1 to S2', { kind: 'usage', of: 'transfer' }],
    ['transfer SKU-1 five from S1 to S2', { kind: 'usage', of: 'transfer' }],
    // Teams' command menu sends the bare command word.
    ['stock', { kind: 'usage', of: 'stock' }],
    ['库存', { kind: 'usage', of: 'stock' }],
    ['stock A S1 extra', { kind: 'usage', of: 'stock' }],
    ['transfer', { kind: 'usage', of: 'transfer' }],
    ['调拨', { kind: 'usage', of: 'transfer' }],
    ['link', { kind: 'usage', of: 'link' }],
    ['<at>Inventory</at> stock&nbsp;', { kind: 'usage', of: 'stock' }],
    ['hello there', { kind: 'unknown', text: 'hello there' }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('cleans Teams markup', () => {
    expect(cleanMessage('<p><at>Bot</at>&nbsp;stock&nbsp;A</p>')).toBe('stock A');
  });
});
