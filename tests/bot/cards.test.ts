import { describe, expect, it } from 'vitest';
import { alertCard, approvalCard, stockCard } from '../../bot/src/cards.js';

describe('cards', () => {
  it('shows stock as an Adaptive Card 1.5 table, in Chinese', () => {
    const c = stockCard(
      'TEA-1',
      [{ sku: 'TEA-1', location: '门店1', onHand: 5, reserved: 1, available: 4 }],
      'zh-CN',
    ) as any;
    expect(c).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(c.body[0].text).toBe('TEA-1 的库存');
    const rows = c.body[1].rows.map((r: any) => r.cells.map((cell: any) => cell.items[0].text));
    expect(rows).toEqual([
      ['库位', '现有', '已预留', '可用'],
      ['门店1', '5', '1', '4'],
    ]);
    expect((stockCard('X', [], 'en') as any).body[0].text).toBe('No stock of X anywhere.');
  });

  it('asks for a decision with the document version, Execute with a Submit fallback', () => {
    const c = approvalCard(
      {
        documentType: 'transfer',
        documentId: 7,
        version: 2,
        from: 'S1',
        to: 'S2',
        requestedBy: 'li',
        value: 120,
        lines: [{ sku: 'TEA-1', quantity: 5, availableFrom: 20, availableTo: 1 }],
      },
      'en',
    ) as any;
    expect(c.body[0].text).toBe('Transfer #7: S1 → S2');
    expect(c.body[2].facts[0]).toEqual({
      title: 'TEA-1',
      value: '5  (Available at S1 / S2: 20 / 1)',
    });
    expect(c.actions.map((a: any) => [a.type, a.verb, a.data, a.fallback.type])).toEqual([
      [
        'Action.Execute',
        'approve',
        { verb: 'approve', documentType: 'transfer', documentId: 7, version: 2 },
        'Action.Submit',
      ],
      [
        'Action.Execute',
        'reject',
        { verb: 'reject', documentType: 'transfer', documentId: 7, version: 2 },
        'Action.Submit',
      ],
    ]);
    expect(c.body.find((b: any) => b.type === 'Input.Text').id).toBe('comment');
  });

  it('shows who decided and when, without buttons, once decided', () => {
    const c = approvalCard(
      {
        documentType: 'purchase_order',
        documentId: 3,
        version: 3,
        to: 'W1',
        supplier: 'Acme',
        requestedBy: 'li',
        value: 8000,
        lines: [{ sku: 'A', quantity: 100 }],
        decided: { decision: 'approved', by: '王经理', at: '2026-11-22 10:05' },
      },
      'zh-CN',
    ) as any;
    expect(c.body[0].text).toBe('采购单 #3：Acme → W1');
    expect(c.body.at(-1).text).toBe('王经理 于 2026-11-22 10:05 已批准');
    expect(c.actions).toBeUndefined();
  });

  it.each([
    [
      'en',
      'Stocktake #4 at S1: differences to approve',
      '+3 (counted 13, book 10)',
      'Sales order #9 to 西湖酒店: over the credit limit',
      'Credit left before this order',
    ],
    [
      'zh-CN',
      '盘点单 #4（S1）：差异待审批',
      '+3（实盘 13，账面 10）',
      '销售单 #9（西湖酒店）：超出信用额度',
      '本单前剩余额度',
    ],
  ] as const)(
    'shows stocktake differences and credit overrides (%s)',
    (lang, stocktakeTitle, line, creditTitle, creditLeft) => {
      const s = approvalCard(
        {
          documentType: 'stocktake_variance',
          documentId: 4,
          version: 3,
          to: 'S1',
          requestedBy: 'li',
          value: 30,
          lines: [{ sku: 'A', quantity: 3, counted: 13, book: 10 }],
        },
        lang,
      ) as any;
      expect([s.body[0].text, s.body[2].facts[0].value]).toEqual([stocktakeTitle, line]);
      const c = approvalCard(
        {
          documentType: 'credit_override',
          documentId: 9,
          version: 2,
          to: 'W1',
          customer: '西湖酒店',
          creditLeft: 100,
          requestedBy: 'li',
          value: 160,
          lines: [{ sku: 'A', quantity: 2 }],
        },
        lang,
      ) as any;
      expect([c.body[0].text, c.body[1].facts[2]]).toEqual([
        creditTitle,
        { title: creditLeft, value: '100.00' },
      ]);
    },
  );

  it.each([
    [
      'en',
      'Transfer #5: S1 → S2, write off what never arrived',
      '3 (damaged: wet box)',
      '2 (lost)',
    ],
    ['zh-CN', '调拨单 #5：S1 → S2，未到货报损', '3 (损坏: wet box)', '2 (丢失)'],
  ] as const)(
    'shows a transfer write-off with a reason per line (%s)',
    (lang, title, damaged, lost) => {
      const c = approvalCard(
        {
          documentType: 'transfer_loss',
          documentId: 5,
          version: 7,
          from: 'S1',
          to: 'S2',
          requestedBy: 'li',
          value: 50,
          lines: [
            { sku: 'A', quantity: 3, reason: 'damaged', note: 'wet box' },
            { sku: 'B', quantity: 2, reason: 'lost' },
          ],
        },
        lang,
      ) as any;
      expect([c.body[0].text, c.body[2].facts.map((f: { value: string }) => f.value)]).toEqual([
        title,
        [damaged, lost],
      ]);
      expect(c.actions[0].data).toEqual({
        verb: 'approve',
        documentType: 'transfer_loss',
        documentId: 5,
        version: 7,
      });
    },
  );

  it('lists alerts with an Acknowledge button each, or who acknowledged', () => {
    const c = alertCard(
      [
        { id: 1, text: '🔴 Below minimum' },
        { id: 2, text: '⛔ Out of stock', acknowledgedBy: 'li' },
      ],
      'en',
      '2 inventory events',
    ) as any;
    expect(c.body.map((b: any) => b.type)).toEqual([
      'TextBlock',
      'TextBlock',
      'ActionSet',
      'TextBlock',
      'TextBlock',
    ]);
    expect(c.body[2].actions[0]).toMatchObject({
      type: 'Action.Execute',
      verb: 'acknowledge',
      data: { alertId: 1 },
    });
    expect(c.body[4].text).toBe('Acknowledged by li');
  });
});
