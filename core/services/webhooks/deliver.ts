import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.js';
import type { Lang } from '../../i18n/language.js';
import {
  advanceCursor,
  type Claimed,
  claimDue,
  DIGEST_OVER,
  type Outcome,
  outboxEvents,
  readOutbox,
  settle,
  WEBHOOK_QUEUE,
} from '../deliveries/queue.js';
import { judgeAnswer, retryAfterMs } from './answers.js';
import { buildRequest, type WebhookEvent, type WebhookKind } from './formats.js';
import { loadApprovalDocument } from '../documents/approval-documents.js';
import { isApprovalType } from '../documents/decide-document.js';
import { decisionLink } from '../links/links.js';
import { DEFAULT_TOPICS } from './subscriptions.js';

const CONSUMER = 'webhooks';

/**
 * Queues each new outbox event once for every active subscription that wants it
 * (topic and location), on the delivery queue (core/services/deliveries/queue.ts):
 * the read position moves in the same transaction, and `deliveries` is unique per
 * (subscription, event), so two processes fanning out at once queue nothing twice.
 */
export async function fanOut(database: Database, now: number): Promise<number> {
  return database.write(async (tx) => {
    const events = await readOutbox(tx, CONSUMER, 500);
    if (events.length === 0) return 0;
    const subs = (
      await tx.raw.execute(`SELECT id, locations, events FROM subscriptions WHERE active = 1`)
    ).rows;
    let queued = 0;
    for (const e of events) {
      const where = [e.payload['location'], ...((e.payload['locations'] as unknown[]) ?? [])]
        .filter(Boolean)
        .map(String);
      for (const s of subs) {
        const topics = s['events'] ? (JSON.parse(String(s['events'])) as string[]) : DEFAULT_TOPICS;
        const places = s['locations'] ? (JSON.parse(String(s['locations'])) as string[]) : null;
        if (
          !topics.some(
            (t) => t === e.topic || (t.endsWith('.*') && e.topic.startsWith(t.slice(0, -1))),
          )
        )
          continue;
        if (places && !where.some((w) => places.includes(w))) continue;
        const r = await tx.raw.execute({
          sql: `INSERT INTO deliveries (subscription_id, outbox_id, status, next_attempt_at) VALUES (?, ?, 'pending', ?) ON CONFLICT DO NOTHING`,
          args: [Number(s['id']), e.id, now],
        });
        queued += r.rowsAffected;
      }
    }
    await advanceCursor(tx, CONSUMER, events);
    return queued;
  });
}

export interface DeliverOptions {
  now: number;
  workerId?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /**
   * Where the service's pages are reached (`PUBLIC_URL`): chat robots' approval requests
   * then carry a link to the page that decides them. Without it they carry none (a
   * group chat could not open a loopback address anyway).
   */
  pages?: { publicUrl: string; decideTtlMs?: number | undefined } | undefined;
}

/** The kinds of target whose readers are people in a group chat: they get decision links. */
const CHAT_KINDS: ReadonlySet<WebhookKind> = new Set(['wecom', 'dingtalk', 'feishu', 'slack']);

/**
 * A decision link for each approval request in a message whose level is still the one
 * asked (a request overtaken by a decision gets none).
 * Minted per message sent: a link in a message nobody received opens nothing anyone saw.
 */
async function decisionLinks(
  database: Database,
  events: readonly WebhookEvent[],
  language: Lang,
  options: DeliverOptions,
): Promise<Map<number, string>> {
  const links = new Map<number, string>();
  if (!options.pages) return links;
  for (const e of events) {
    if (e.topic !== 'approval.requested') continue;
    const type = String(e.payload['documentType']);
    const id = Number(e.payload['documentId']);
    const level = Number(e.payload['level']);
    if (!isApprovalType(type)) continue;
    const doc = await loadApprovalDocument(database.db, type, id).catch(() => undefined);
    if (!doc?.steps.some((s) => s.status === 'pending' && s.level === level)) continue;
    const version = doc.subject.version;
    links.set(
      e.id,
      await decisionLink(
        database,
        { documentType: type, documentId: id, version },
        {
          publicUrl: options.pages.publicUrl,
          now: options.now,
          language,
          ttlMs: options.pages.decideTtlMs,
        },
      ),
    );
  }
  return links;
}

/**
 * Sends what is due: claims due deliveries (so another process leaves them alone),
 * groups them per target (a digest when more than 10 are due, or when the target had
 * 10 in the last minute), sends, then records success or schedules a retry with
 * exponential backoff (`dead` after 8 attempts). Returns how many messages it sent.
 */
export async function deliverDue(
  database: Database,
  options: DeliverOptions,
): Promise<{ sent: number; failed: number }> {
  const { now } = options;
  const worker = options.workerId ?? randomUUID();
  const send = options.fetch ?? fetch;
  const claimed = (
    await database.write((tx) =>
      claimDue(tx, WEBHOOK_QUEUE, {
        worker,
        now,
        limit: 500,
        columns: ['subscription_id', 'outbox_id'],
      }),
    )
  ).map(({ row, ...d }) => ({
    ...d,
    subscriptionId: Number(row.subscription_id),
    outboxId: Number(row.outbox_id),
  }));
  let sent = 0;
  let failed = 0;
  const bySubscription = new Map<number, typeof claimed>();
  for (const d of claimed)
    bySubscription.set(d.subscriptionId, [...(bySubscription.get(d.subscriptionId) ?? []), d]);
  for (const [subscriptionId, group] of bySubscription) {
    const sub = (
      await database.client.execute({
        sql: `SELECT * FROM subscriptions WHERE id = ?`,
        args: [subscriptionId],
      })
    ).rows[0]!;
    const events = new Map(
      (
        await outboxEvents(
          database,
          group.map((d) => d.outboxId),
        )
      ).map((e) => [e.id, e]),
    );
    const recent = Number(
      (
        await database.client.execute({
          sql: `SELECT count(*) FROM deliveries WHERE subscription_id = ? AND status = 'delivered' AND delivered_at > ?`,
          args: [subscriptionId, now - 60_000],
        })
      ).rows[0]![0],
    );
    const digest = group.length > DIGEST_OVER || (recent >= DIGEST_OVER && group.length > 1);
    const messages = digest ? [group] : group.map((d) => [d]);
    for (const message of messages) {
      const kind = String(sub['kind']) as WebhookKind;
      const language = String(sub['language']) as Lang;
      const sending = message.map((d) => events.get(d.outboxId)!);
      const links = CHAT_KINDS.has(kind)
        ? await decisionLinks(database, sending, language, options)
        : new Map<number, string>();
      const request = buildRequest(
        {
          kind,
          url: String(sub['url']),
          secret: (sub['secret'] as string | null) ?? null,
          language,
        },
        sending,
        now,
        links,
      );
      let verdict: Outcome;
      try {
        const res = await send(request.url, {
          method: 'POST',
          headers: request.headers,
          body: request.body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
        const text = await res.text().catch(() => '');
        verdict = judgeAnswer(
          String(sub['kind']) as WebhookKind,
          res.status,
          text,
          retryAfterMs(res.headers.get('retry-after'), now),
        );
      } catch (e) {
        verdict = { outcome: 'retry', error: (e as Error).message };
      }
      await settleMessage(database, subscriptionId, message, worker, now, verdict);
      if (verdict.outcome === 'delivered') sent++;
      else failed++;
    }
  }
  return { sent, failed };
}

/**
 * Records the outcome of one message on the queue; the subscription keeps the last
 * refusal and since when it fails, until a message gets through.
 */
async function settleMessage(
  database: Database,
  subscriptionId: number,
  message: readonly Claimed[],
  worker: string,
  now: number,
  verdict: Outcome,
) {
  await database.write(async (tx) => {
    if (verdict.outcome === 'delivered') {
      await tx.raw.execute({
        sql: `UPDATE subscriptions SET last_error = NULL, failing_since = NULL, last_delivered_at = ? WHERE id = ?`,
        args: [now, subscriptionId],
      });
    } else {
      await tx.raw.execute({
        sql: `UPDATE subscriptions SET last_error = ?, failing_since = coalesce(failing_since, ?) WHERE id = ?`,
        args: [verdict.error.slice(0, 500), now, subscriptionId],
      });
    }
    await settle(tx, WEBHOOK_QUEUE, message, worker, now, verdict);
  });
}
