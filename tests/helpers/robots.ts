/**
 * The answers the Chinese chat robots really give (HTTP 200 with a result code in the
 * body, also when they refuse), for local receivers that stand in for them.
 */
export const ROBOT_ANSWERS = {
  wecom: {
    ok: { errcode: 0, errmsg: 'ok' },
    rateLimited: { errcode: 45009, errmsg: 'api freq out of limit' },
    badKey: {
      errcode: 93000,
      errmsg:
        'invalid webhook url, hint: [1733125800_8_7c2b1c3a0e5d0e1f], from ip: 203.0.113.7, more info at https://open.work.weixin.qq.com/devtool/query?e=93000',
    },
  },
  dingtalk: {
    ok: { errcode: 0, errmsg: 'ok' },
    rateLimited: { errcode: 130101, errmsg: 'send too fast, exceed 20 times per minute' },
    badKey: { errcode: 300001, errmsg: 'token is not exist' },
    keyword: {
      errcode: 310000,
      errmsg:
        '关键词不匹配;solution:请联系群管理员查看此机器人的关键词，并在发送的信息中包含此关键词;',
    },
  },
  feishu: {
    ok: { code: 0, data: {}, msg: 'success' },
    okOld: { Extra: null, StatusCode: 0, StatusMessage: 'success' },
    rateLimited: { code: 9499, data: {}, msg: 'too many request' },
    badKey: { code: 19001, data: {}, msg: 'param invalid: incoming webhook access token invalid' },
    badSign: {
      code: 19021,
      data: {},
      msg: 'sign match fail or timestamp is not within one hour from current time',
    },
  },
} as const;
