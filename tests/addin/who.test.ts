import { describe, expect, it } from 'vitest';
import { whoLine } from '../../addin/src/i18n/strings.js';

describe('who is signed in, as the task pane says it', () => {
  it.each([
    [{ name: '李娜', role: 'clerk', locations: ['S1'] }, 'en', 'Signed in as 李娜 (clerk, S1)'],
    [{ name: '李娜', role: 'clerk', locations: ['S1'] }, 'zh-CN', '已登录：李娜（店员，S1）'],
    [
      { name: '王芳', role: 'manager', locations: ['S1', 'S2'] },
      'en',
      'Signed in as 王芳 (manager, S1, S2)',
    ],
    [
      { name: '王芳', role: 'manager', locations: ['S1', 'S2'] },
      'zh-CN',
      '已登录：王芳（经理，S1、S2）',
    ],
    [{ name: 'admin', role: 'admin', locations: [] }, 'zh-CN', '已登录：admin（管理员，全部库位）'],
    [
      { name: '孙丽', role: 'viewer', locations: [] },
      'en',
      'Signed in as 孙丽 (read only, all locations)',
    ],
  ] as const)('%j in %s', (me, lang, line) => {
    expect(whoLine(me, lang)).toBe(line);
  });
});
