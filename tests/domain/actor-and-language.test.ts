import { describe, expect, it } from 'vitest';
import { canWriteAt, type Actor } from '../../core/domain/actor.js';
import { format, negotiateLanguage } from '../../core/i18n/language.js';
import { errorMessage, issueMessage } from '../../core/i18n/error-messages.js';
import { ISSUE_CODES, RESULT_CODES } from '../../core/domain/codes.js';

const actor = (role: Actor['role'], locationIds: number[] | null): Actor => ({
  id: 1,
  name: 'a',
  role,
  locationIds,
});

describe('canWriteAt', () => {
  it.each([
    ['admin anywhere', actor('admin', [1]), [2], true],
    ['manager without scope', actor('manager', null), [1, 2], true],
    ['clerk in scope', actor('clerk', [1, 2]), [1], true],
    ['clerk moving between two scoped stores', actor('clerk', [1, 2]), [1, 2], true],
    ['clerk outside scope', actor('clerk', [1]), [2], false],
    ['clerk with one end outside', actor('clerk', [1]), [1, 2], false],
    ['viewer never', actor('viewer', null), [1], false],
  ] as const)('%s', (_name, who, ids, expected) => {
    expect(canWriteAt(who, ids)).toBe(expected);
  });
});

describe('negotiateLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-TW,zh;q=0.9', 'zh-CN'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    ['fr-FR,zh-CN;q=0.5', 'zh-CN'],
    ['de-DE', 'en'],
    ['en;q=0.2,zh;q=0.8', 'zh-CN'],
    ['garbage;;;q=x', 'en'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});

describe('messages', () => {
  it('exist for every result code in both languages and fill their placeholders', () => {
    const params = {
      reason: 'r',
      limit: 1,
      count: 2,
      entity: 'item',
      key: 'K',
      status: 's',
      sku: 'S',
      location: 'L',
      requested: 3,
      available: 1,
      rejected: 1,
      requestId: 'x',
      lot: 'L1',
      expiresOn: '2026-01-01',
      movement: 7,
      sold: 5,
      returned: 2,
      returns: '3',
    };
    for (const code of RESULT_CODES) {
      for (const lang of ['en', 'zh-CN'] as const) {
        const text = errorMessage(code, params, lang);
        expect(text, `${code}/${lang}`).not.toMatch(/\{\w+\}/);
        expect(text.length).toBeGreaterThan(5);
      }
    }
    expect(errorMessage('not_found', { entity: 'item', key: 'X' }, 'zh-CN')).toBe(
      '商品“X”不存在。',
    );
  });

  it('exist for every issue code in both languages', () => {
    for (const code of ISSUE_CODES.filter((c) => c !== 'invalid_value')) {
      for (const lang of ['en', 'zh-CN'] as const) {
        expect(issueMessage({ path: '', code }, lang), `${code}/${lang}`).not.toBe(
          issueMessage({ path: '', code: 'invalid_value' }, lang),
        );
      }
    }
  });

  it('name the field first', () => {
    expect(issueMessage({ path: 'rows.2.quantity', code: 'quantity_must_be_positive' }, 'en')).toBe(
      'rows.2.quantity: must be a positive whole number',
    );
    expect(issueMessage({ path: 'sku', code: 'required' }, 'zh-CN')).toBe('sku: 为必填项');
    expect(format('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
