import type { Outcome } from '../deliveries/queue.js';
import type { WebhookKind } from './formats.js';

/**
 * What a webhook target's answer means. Chat robots (WeCom, DingTalk, Feishu) answer
 * HTTP 200 even when they refuse a message; the refusal is in the body
 * (`{"errcode":45009,"errmsg":"api freq out of limit"}`), so a 200 alone is not a
 * delivery. Pure: status and body text in, a verdict out.
 *
 * - `delivered`: the target took the message.
 * - `retry`: try again later (rate limits, the robot's own "busy", HTTP 408/429/5xx);
 *   `notBeforeMs` when the target said how long to wait (or a rate-limit window).
 * - `permanent`: trying again cannot help (a bad key, a removed robot, a signature or
 *   keyword the robot refuses): the delivery is dead at once, and the subscription shows
 *   the robot's own message until a message gets through.
 */
export type Verdict = Outcome;

/** The robots limit messages per minute: after a rate-limit answer, wait for the next window. */
const RATE_WINDOW_MS = 60_000;

interface RobotCodes {
  /** Where the robot puts its result code and message. */
  read(body: Record<string, unknown>): { code: number; message: string } | undefined;
  rateLimited: ReadonlySet<number>;
  /** Codes that mean "busy, try again" without a rate window. */
  transient: ReadonlySet<number>;
  /** Codes that say the robot's address or its security settings refuse us. */
  permanent: ReadonlySet<number>;
}

const errcode = (body: Record<string, unknown>) =>
  typeof body['errcode'] === 'number'
    ? { code: body['errcode'], message: String(body['errmsg'] ?? '') }
    : undefined;

/*
 * Codes as the robots document them:
 * - WeCom (企业微信群机器人): 45009 api freq out of limit (20 messages a minute);
 *   93000 invalid webhook url (wrong key, or the robot was removed from the group);
 *   93017 robot disabled; 40058 a field too long or missing (this message can never pass).
 * - DingTalk (钉钉自定义机器人): 130101 / 410100 send too fast (20 a minute);
 *   300001 / 300005 token is not exist (removed robot); 310000 sign not match,
 *   keywords not in content, or the server's IP not in the robot's whitelist; -1 system busy.
 * - Feishu (飞书自定义机器人): 9499 too many request, 11232 frequency limited;
 *   19001 incoming webhook access token invalid; 19021 sign match fail (or a timestamp
 *   more than an hour off); 19022 IP not allowed; 19024 key words not found.
 */
const ROBOTS: Partial<Record<WebhookKind, RobotCodes>> = {
  wecom: {
    read: errcode,
    rateLimited: new Set([45009]),
    transient: new Set([-1]),
    permanent: new Set([93000, 93017, 40058]),
  },
  dingtalk: {
    read: errcode,
    rateLimited: new Set([130101, 410100]),
    transient: new Set([-1]),
    permanent: new Set([300001, 300005, 310000]),
  },
  feishu: {
    read: (body) => {
      if (typeof body['code'] === 'number')
        return { code: body['code'], message: String(body['msg'] ?? '') };
      // The older answer shape: {"StatusCode": 0, "StatusMessage": "success"}.
      if (typeof body['StatusCode'] === 'number')
        return { code: body['StatusCode'], message: String(body['StatusMessage'] ?? '') };
      return undefined;
    },
    rateLimited: new Set([9499, 11232]),
    transient: new Set([-1]),
    permanent: new Set([19001, 19021, 19022, 19024]),
  },
};

/** `Retry-After` as seconds or an HTTP date → milliseconds from `now`. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * @example
 * judgeAnswer('wecom', 200, '{"errcode":45009,"errmsg":"api freq out of limit"}')
 * // → { outcome: 'retry', error: 'wecom 45009: api freq out of limit', notBeforeMs: 60000 }
 */
export function judgeAnswer(
  kind: WebhookKind,
  status: number,
  body: string,
  retryAfter?: number,
): Verdict {
  if (status === 429 || status === 408 || status >= 500) {
    return {
      outcome: 'retry',
      error: `HTTP ${status}`,
      ...(retryAfter !== undefined ? { notBeforeMs: retryAfter } : {}),
    };
  }
  // 410 Gone says so itself; any other refusal may be a receiver being redeployed.
  if (status === 410)
    return { outcome: 'permanent', error: `HTTP 410${body ? `: ${body.slice(0, 200)}` : ''}` };
  if (status < 200 || status >= 300)
    return { outcome: 'retry', error: `HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ''}` };

  const robot = ROBOTS[kind];
  if (!robot) return { outcome: 'delivered' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { outcome: 'retry', error: `${kind}: answer is not JSON: ${body.slice(0, 200)}` };
  }
  const answer =
    parsed && typeof parsed === 'object'
      ? robot.read(parsed as Record<string, unknown>)
      : undefined;
  if (!answer)
    return {
      outcome: 'retry',
      error: `${kind}: answer without a result code: ${body.slice(0, 200)}`,
    };
  if (answer.code === 0) return { outcome: 'delivered' };
  const error = `${kind} ${answer.code}: ${answer.message}`.slice(0, 500);
  if (robot.rateLimited.has(answer.code))
    return { outcome: 'retry', error, notBeforeMs: RATE_WINDOW_MS };
  if (robot.permanent.has(answer.code)) return { outcome: 'permanent', error };
  // A code we do not know: not a delivery, but perhaps passing; ordinary retries decide.
  return { outcome: 'retry', error };
}
