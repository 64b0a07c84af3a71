import { describe, expect, it } from 'vitest';
import { judgeAnswer, retryAfterMs } from '../../../core/services/webhooks/answers.js';
import { ROBOT_ANSWERS } from '../../helpers/robots.js';

const body = (value: unknown) => JSON.stringify(value);

describe('what a webhook target answer means', () => {
  it.each([
    ['wecom', ROBOT_ANSWERS.wecom.ok, 'delivered'],
    ['wecom', ROBOT_ANSWERS.wecom.rateLimited, 'retry'],
    ['wecom', ROBOT_ANSWERS.wecom.badKey, 'permanent'],
    ['dingtalk', ROBOT_ANSWERS.dingtalk.ok, 'delivered'],
    ['dingtalk', ROBOT_ANSWERS.dingtalk.rateLimited, 'retry'],
    ['dingtalk', ROBOT_ANSWERS.dingtalk.badKey, 'permanent'],
    ['dingtalk', ROBOT_ANSWERS.dingtalk.keyword, 'permanent'],
    ['feishu', ROBOT_ANSWERS.feishu.ok, 'delivered'],
    ['feishu', ROBOT_ANSWERS.feishu.okOld, 'delivered'],
    ['feishu', ROBOT_ANSWERS.feishu.rateLimited, 'retry'],
    ['feishu', ROBOT_ANSWERS.feishu.badKey, 'permanent'],
    ['feishu', ROBOT_ANSWERS.feishu.badSign, 'permanent'],
    ['wecom', { errcode: 12345, errmsg: 'something new' }, 'retry'],
    ['wecom', {}, 'retry'],
    ['generic', {}, 'delivered'],
    ['slack', {}, 'delivered'],
  ] as const)('%s answering HTTP 200 %j: %s', (kind, answer, outcome) => {
    expect(judgeAnswer(kind, 200, body(answer)).outcome).toBe(outcome);
  });

  it("keeps the robot's own words, and waits a rate window after a rate limit", () => {
    expect(judgeAnswer('wecom', 200, body(ROBOT_ANSWERS.wecom.rateLimited))).toEqual({
      outcome: 'retry',
      error: 'wecom 45009: api freq out of limit',
      notBeforeMs: 60_000,
    });
    expect(judgeAnswer('dingtalk', 200, body(ROBOT_ANSWERS.dingtalk.badKey))).toEqual({
      outcome: 'permanent',
      error: 'dingtalk 300001: token is not exist',
    });
  });

  it.each([
    [429, 'retry'],
    [503, 'retry'],
    [500, 'retry'],
    [404, 'retry'],
    [410, 'permanent'],
  ] as const)('HTTP %i: %s', (status, outcome) => {
    expect(judgeAnswer('generic', status, '').outcome).toBe(outcome);
    expect(judgeAnswer('wecom', status, '').outcome).toBe(outcome);
  });

  it('a robot answer that is not JSON is not a delivery', () => {
    expect(judgeAnswer('feishu', 200, '<html>gateway</html>').outcome).toBe('retry');
  });

  it('reads Retry-After in seconds and as a date', () => {
    const now = Date.UTC(2026, 11, 2, 8);
    expect(retryAfterMs('30', now)).toBe(30_000);
    expect(retryAfterMs(new Date(now + 90_000).toUTCString(), now)).toBe(90_000);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(judgeAnswer('generic', 429, '', 30_000)).toEqual({
      outcome: 'retry',
      error: 'HTTP 429',
      notBeforeMs: 30_000,
    });
  });
});
