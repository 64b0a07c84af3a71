/**
 * Sends what the Teams fan-out queued (core/services/teams/fan-out.ts): approval cards
 * to approvers' personal chats, updates of every copy once decided, alert cards (a
 * digest when more than 10 are due) and the weekly "what to order" card to subscribed
 * group chats. Rows are claimed so
 * two processes never send one twice; Teams' limits are respected: at most 7 messages
 * a second per conversation, `Retry-After` honoured, 412/429/502/503/504 retried with
 * backoff.
 */
import { randomUUID } from 'node:crypto';
import {
  CardFactory,
  MessageFactory,
  type CloudAdapter,
  type ConversationReference,
} from 'botbuilder';
import type { Database } from '../core/services/context.js';
import type { Outcome } from '../core/services/deliveries/queue.js';
import { DIGEST_OVER } from '../core/services/deliveries/queue.js';
import {
  claimTeamsDue,
  sentApprovalActivity,
  settleTeams,
  type TeamsDue,
  teamsEvents,
} from '../core/services/teams/deliveries.js';
import { eventLine } from '../core/i18n/event-messages.js';
import { documentCard } from './document-card.js';
import { alertCard, approvalCard, orderCard, type BotLang } from './src/cards.js';
import { botLanguage } from './src/i18n.js';

const RETRYABLE = new Set([412, 429, 502, 503, 504]);
const PER_MESSAGE_MS = Math.ceil(1000 / 7);
const DIGEST_MAX = 25;

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/**
 * What a failed send means for the queue: Teams' throttling and gateway errors (and
 * no status at all: the network) are tried again, no sooner than `Retry-After`; any
 * other 4xx (the bot was removed, the conversation is gone) cannot succeed.
 */
function failureOf(error: unknown): Outcome {
  const status = (error as { statusCode?: number }).statusCode;
  const retryAfter = Number(
    (
      error as { response?: { headers?: { get?: (n: string) => string | undefined } } }
    ).response?.headers?.get?.('retry-after') ?? 0,
  );
  const message = `${status ?? ''} ${(error as Error).message}`.trim();
  const permanent =
    status !== undefined && !RETRYABLE.has(status) && status < 500 && status !== 408;
  return permanent
    ? { outcome: 'permanent', error: message }
    : { outcome: 'retry', error: message, notBeforeMs: retryAfter * 1000 };
}

export async function deliverTeams(
  database: Database,
  adapter: CloudAdapter,
  appId: string,
  options: { now: number; workerId?: string; sleep?: (ms: number) => Promise<void> },
): Promise<{ sent: number; failed: number }> {
  const worker = options.workerId ?? randomUUID();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const due = await claimTeamsDue(database, { worker, now: options.now });
  let sent = 0;
  let failed = 0;
  const byConversation = new Map<number, TeamsDue[]>();
  for (const d of due)
    byConversation.set(d.conversationId, [...(byConversation.get(d.conversationId) ?? []), d]);

  for (const group of byConversation.values()) {
    const lang = botLanguage(group[0]!.reference.locale);
    const alerts = group.filter((d) => d.kind === 'alert');
    const messages: TeamsDue[][] = [
      ...group.filter((d) => d.kind !== 'alert').map((d) => [d]),
      // A digest card stays well under Teams' 28 KB message limit: at most 25 alerts each.
      ...(alerts.length > DIGEST_OVER ? chunks(alerts, DIGEST_MAX) : alerts.map((d) => [d])),
    ];
    for (const message of messages) {
      const first = message[0]!;
      try {
        let activityId: string | undefined;
        let failure: unknown;
        // Errors are carried out of the turn: inside it, the adapter's onTurnError would
        // swallow them (and try to tell the chat), and the row would count as delivered.
        await adapter.continueConversationAsync(
          appId,
          first.reference as unknown as ConversationReference,
          async (context) => {
            try {
              if (first.kind === 'alert') {
                const events = await teamsEvents(
                  database,
                  message.map((d) => d.outboxId),
                );
                const title =
                  message.length > 1
                    ? `${message.length} ${lang === 'zh-CN' ? '条库存提醒' : 'inventory events'}`
                    : undefined;
                const card = alertCard(
                  events.map((e) => ({
                    id: Number(e.payload['alertId']),
                    text: eventLine(e.topic, e.payload, lang),
                  })),
                  lang,
                  title,
                );
                activityId = (
                  await context.sendActivity(
                    MessageFactory.attachment(CardFactory.adaptiveCard(card)),
                  )
                )?.id;
              } else if (first.kind === 'digest') {
                const [event] = await teamsEvents(database, [first.outboxId]);
                const card = orderCard(event!.payload as Parameters<typeof orderCard>[0], lang);
                activityId = (
                  await context.sendActivity(
                    MessageFactory.attachment(CardFactory.adaptiveCard(card)),
                  )
                )?.id;
              } else {
                const card = approvalCard(
                  await documentCard(database, first.documentType!, first.documentId!),
                  lang,
                );
                const update =
                  first.kind === 'decision'
                    ? await sentApprovalActivity(database, first)
                    : undefined;
                if (update)
                  await context.updateActivity({
                    id: update,
                    type: 'message',
                    attachments: [CardFactory.adaptiveCard(card)],
                  });
                else
                  activityId = (
                    await context.sendActivity(
                      MessageFactory.attachment(CardFactory.adaptiveCard(card)),
                    )
                  )?.id;
              }
            } catch (error) {
              failure = error;
            }
          },
        );
        if (failure) throw failure;
        await settleTeams(database, message, worker, options.now, {
          outcome: 'delivered',
          receipt: activityId ?? null,
        });
        sent++;
      } catch (error) {
        await settleTeams(database, message, worker, options.now, failureOf(error));
        failed++;
      }
      await sleep(PER_MESSAGE_MS);
    }
  }
  return { sent, failed };
}

/** The document as the approval card shows it now: lines, value, stock at both ends, decision if any. */
export type { BotLang };
