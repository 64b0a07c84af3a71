import { createHmac } from 'node:crypto';
import type { Lang } from '../../i18n/language.js';
import { eventLine, messageTitle } from '../../i18n/event-messages.js';
import { pageText } from '../../i18n/page-texts.js';

export const WEBHOOK_KINDS = ['generic', 'wecom', 'dingtalk', 'feishu', 'slack'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

export interface WebhookEvent {
  id: number;
  topic: string;
  createdAt: number;
  payload: Record<string, unknown>;
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * The HTTP request for one message (one event, or a digest of several) in the
 * format of the target service's incoming webhooks, signed the way it checks.
 *
 * - generic: JSON `{id, topic, createdAt, data}` (a digest: `{topic: "digest", events}`),
 *   with `X-Inventory-Signature: sha256=<HMAC-SHA256 of timestamp + "." + body>`.
 * - wecom (企业微信群机器人): `{msgtype: "markdown", markdown: {content}}`.
 * - dingtalk (钉钉): markdown; with a secret, `timestamp` and `sign` in the URL.
 * - feishu (飞书): `{msg_type: "text", content: {text}}`; with a secret, `timestamp` and `sign`.
 * - slack: `{text}`.
 *
 * `links`: per event id, the address of the page that decides it (approval requests):
 * a markdown link for WeCom and DingTalk, the address itself in plain text elsewhere.
 */
export function buildRequest(
  target: { kind: WebhookKind; url: string; secret: string | null; language: Lang },
  events: readonly WebhookEvent[],
  now: number,
  links: ReadonlyMap<number, string> = new Map(),
): WebhookRequest {
  const markdown = target.kind === 'wecom' || target.kind === 'dingtalk';
  const label = pageText('decideLink', target.language);
  const lines = events.map((e) => {
    const line = eventLine(e.topic, e.payload, target.language);
    const link = links.get(e.id);
    if (!link) return line;
    return markdown ? `${line}\n[${label}](${link})` : `${line}\n${label}: ${link}`;
  });
  const title = messageTitle(events.length, target.language);
  const text = events.length > 1 ? [title, ...lines.map((l) => `- ${l}`)].join('\n') : lines[0]!;
  const seconds = Math.floor(now / 1000);
  const json = (
    body: unknown,
    headers: Record<string, string> = {},
    url = target.url,
  ): WebhookRequest => ({
    url,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

  switch (target.kind) {
    case 'generic': {
      const body = JSON.stringify(
        events.length === 1
          ? {
              id: events[0]!.id,
              topic: events[0]!.topic,
              createdAt: new Date(events[0]!.createdAt).toISOString(),
              data: events[0]!.payload,
            }
          : {
              topic: 'digest',
              events: events.map((e) => ({
                id: e.id,
                topic: e.topic,
                createdAt: new Date(e.createdAt).toISOString(),
                data: e.payload,
              })),
            },
      );
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'x-inventory-event-ids': events.map((e) => e.id).join(','),
        'x-inventory-timestamp': String(seconds),
      };
      if (target.secret)
        headers['x-inventory-signature'] = `sha256=${signGeneric(target.secret, seconds, body)}`;
      return { url: target.url, headers, body };
    }
    case 'wecom':
      return json({ msgtype: 'markdown', markdown: { content: text } });
    case 'dingtalk': {
      if (!target.secret) return json({ msgtype: 'markdown', markdown: { title, text } });
      const sign = createHmac('sha256', target.secret)
        .update(`${now}\n${target.secret}`)
        .digest('base64');
      const url = `${target.url}${target.url.includes('?') ? '&' : '?'}timestamp=${now}&sign=${encodeURIComponent(sign)}`;
      return json({ msgtype: 'markdown', markdown: { title, text } }, {}, url);
    }
    case 'feishu': {
      const body: Record<string, unknown> = { msg_type: 'text', content: { text } };
      if (target.secret) {
        body['timestamp'] = String(seconds);
        body['sign'] = createHmac('sha256', `${seconds}\n${target.secret}`)
          .update('')
          .digest('base64');
      }
      return json(body);
    }
    case 'slack':
      return json({ text });
  }
}

/** What a generic receiver recomputes to check a message: HMAC-SHA256(secret, `${timestamp}.${body}`). */
export function signGeneric(secret: string, timestampSeconds: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
}
