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
import type { Database } from '../core/db/client.js';
import { eventLine } from '../core/i18n/event-messages.js';
import { documentCard } from './document-card.js';
import { alertCard, approvalCard, orderCard, type BotLang } from './src/cards.js';
import { botLanguage } from './src/i18n.js';

const RETRYABLE = new Set([412, 429, 502, 503, 504]);
const PER_MESSAGE_MS = Math.ceil(1000 / 7);
const DIGEST_OVER = 10;
const DIGEST_MAX = 25;

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

interface Due {
  id: number;
  conversationId: number;
  outboxId: number;
  kind: 'approval' | 'decision' | 'alert' | 'digest';
  documentType: string | null;
  documentId: number | null;
  attempts: number;
  reference: Partial<ConversationReference> & { locale?: string };
}

export async function deliverTeams(
  database: Database,
  adapter: CloudAdapter,
  appId: string,
  options: { now: number; workerId?: string; sleep?: (ms: number) => Promise<void> },
): Promise<{ sent: number; failed: number }> {
  const worker = options.workerId ?? randomUUID();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const due: Due[] = await database.write(async (tx) => {
    const claimed = (
      await tx.raw.execute({
        sql: `UPDATE teams_deliveries SET claimed_by = ?, claimed_until = ?
              WHERE id IN (SELECT id FROM teams_deliveries WHERE status = 'pending' AND next_attempt_at <= ?
                             AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT 200)
              RETURNING id`,
        args: [worker, options.now + 60_000, options.now, options.now],
      })
    ).rows.map((r) => Number(r['id']));
    if (claimed.length === 0) return [];
    // SQLite's RETURNING cannot see other tables, so the references are read apart.
    const rows = await tx.raw.execute({
      sql: `SELECT d.id, d.conversation_id, d.outbox_id, d.kind, d.document_type, d.document_id, d.attempts, c.reference
              FROM teams_deliveries d JOIN teams_conversations c ON c.id = d.conversation_id
             WHERE d.id IN (${claimed.map(() => '?').join(',')}) ORDER BY d.id`,
      args: claimed,
    });
    return rows.rows.map((r) => ({
      id: Number(r['id']),
      conversationId: Number(r['conversation_id']),
      outboxId: Number(r['outbox_id']),
      kind: String(r['kind']) as Due['kind'],
      documentType: r['document_type'] === null ? null : String(r['document_type']),
      documentId: r['document_id'] === null ? null : Number(r['document_id']),
      attempts: Number(r['attempts']),
      reference: JSON.parse(String(r['reference'])),
    }));
  });
  let sent = 0;
  let failed = 0;
  const byConversation = new Map<number, Due[]>();
  for (const d of due)
    byConversation.set(d.conversationId, [...(byConversation.get(d.conversationId) ?? []), d]);

  for (const group of byConversation.values()) {
    const lang = botLanguage(group[0]!.reference.locale);
    const alerts = group.filter((d) => d.kind === 'alert');
    const messages: Due[][] = [
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
          first.reference as ConversationReference,
          async (context) => {
            try {
              if (first.kind === 'alert') {
                const events = await outboxEvents(
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
                const [event] = await outboxEvents(database, [first.outboxId]);
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
                  first.kind === 'decision' ? await sentCard(database, first) : undefined;
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
        await settle(database, message, worker, options.now, null, activityId);
        sent++;
      } catch (error) {
        const status = (error as { statusCode?: number }).statusCode;
        const retryAfter = Number(
          (
            error as { response?: { headers?: { get?: (n: string) => string | undefined } } }
          ).response?.headers?.get?.('retry-after') ?? 0,
        );
        const delay = Math.max(
          retryAfter * 1000,
          Math.min(600_000, 1000 * 2 ** (first.attempts + 1)),
        );
        await settle(
          database,
          message,
          worker,
          options.now,
          `${status ?? ''} ${(error as Error).message}`.trim(),
          undefined,
          delay,
          status !== undefined && !RETRYABLE.has(status) && status < 500 && status !== 408,
        );
        failed++;
      }
      await sleep(PER_MESSAGE_MS);
    }
  }
  return { sent, failed };
}

async function settle(
  database: Database,
  message: Due[],
  worker: string,
  now: number,
  error: string | null,
  activityId?: string,
  delay = 0,
  permanent = false,
) {
  await database.write(async (tx) => {
    for (const d of message) {
      if (!error) {
        await tx.raw.execute({
          sql: `UPDATE teams_deliveries SET status = 'delivered', activity_id = ?, attempts = attempts + 1, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?`,
          args: [activityId ?? null, d.id, worker],
        });
      } else {
        const attempts = d.attempts + 1;
        await tx.raw.execute({
          sql: `UPDATE teams_deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL WHERE id = ? AND claimed_by = ?`,
          args: [
            permanent || attempts >= 8 ? 'dead' : 'pending',
            attempts,
            now + delay,
            error.slice(0, 500),
            d.id,
            worker,
          ],
        });
      }
    }
  });
}

async function outboxEvents(database: Database, ids: number[]) {
  const rows = (
    await database.client.execute({
      sql: `SELECT topic, payload FROM outbox WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY id`,
      args: ids,
    })
  ).rows;
  return rows.map((r) => ({
    topic: String(r['topic']),
    payload: JSON.parse(String(r['payload'])) as Record<string, unknown>,
  }));
}

/** The approval card delivered earlier to this conversation for this document. */
async function sentCard(database: Database, d: Due): Promise<string | undefined> {
  const row = (
    await database.client.execute({
      sql: `SELECT activity_id FROM teams_deliveries WHERE kind = 'approval' AND conversation_id = ? AND document_type = ? AND document_id = ? AND activity_id IS NOT NULL ORDER BY id DESC LIMIT 1`,
      args: [d.conversationId, d.documentType, d.documentId],
    })
  ).rows[0];
  return row ? String(row[0]) : undefined;
}

/** The document as the approval card shows it now: lines, value, stock at both ends, decision if any. */
export type { BotLang };
