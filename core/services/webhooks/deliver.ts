import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/client.js';
import type { Lang } from '../../i18n/language.js';
import { judgeAnswer, retryAfterMs, type Verdict } from './answers.js';
import { buildRequest, type WebhookEvent, type WebhookKind } from './formats.js';
import { DEFAULT_TOPICS } from './subscriptions.js';

const CONSUMER = 'webhooks';
/** More than this many messages to one target in a minute become one digest. */
export const DIGEST_OVER = 10;
export const MAX_ATTEMPTS = 8;
const CLAIM_MS = 60_000;

/** Tries again after 2 s, 4 s, 8 s, … up to 10 minutes, with jitter. */
export function backoffMs(attempts: number, random = Math.random()): number {
  return Math.min(600_000, 1000 * 2 ** attempts) * (0.75 + random * 0.5);
}

/**
 * Queues each new outbox event once for every active subscription that wants it
 * (topic and location). The read position lives in the database and moves in the
 * same transaction, and `deliveries` is unique per (subscription, event): two
 * processes fanning out at once queue nothing twice.
 */
export async function fanOut(database: Database, now: number): Promise<number> {
  return database.write(async (tx) => {
    await tx.raw.execute({
      sql: `INSERT INTO outbox_cursors (consumer, last_id) VALUES (?, 0) ON CONFLICT DO NOTHING`,
      args: [CONSUMER],
    });
    const cursor = Number(
      (
        await tx.raw.execute({
          sql: `SELECT last_id FROM outbox_cursors WHERE consumer = ?`,
          args: [CONSUMER],
        })
      ).rows[0]![0],
    );
    const events = (
      await tx.raw.execute({
        sql: `SELECT id, topic, payload FROM outbox WHERE id > ? ORDER BY id LIMIT 500`,
        args: [cursor],
      })
    ).rows;
    if (events.length === 0) return 0;
    const subs = (
      await tx.raw.execute(`SELECT id, locations, events FROM subscriptions WHERE active = 1`)
    ).rows;
    let queued = 0;
    for (const e of events) {
      const payload = JSON.parse(String(e['payload'])) as Record<string, unknown>;
      const where = [
        payload['location'],
        ...((payload['locations'] as unknown[] | undefined) ?? []),
      ]
        .filter(Boolean)
        .map(String);
      for (const s of subs) {
        const topics = s['events'] ? (JSON.parse(String(s['events'])) as string[]) : DEFAULT_TOPICS;
        const places = s['locations'] ? (JSON.parse(String(s['locations'])) as string[]) : null;
        if (
          !topics.some(
            (t) =>
              t === e['topic'] ||
              (t.endsWith('.*') && String(e['topic']).startsWith(t.slice(0, -1))),
          )
        )
          continue;
        if (places && !where.some((w) => places.includes(w))) continue;
        const r = await tx.raw.execute({
          sql: `INSERT INTO deliveries (subscription_id, outbox_id, status, next_attempt_at) VALUES (?, ?, 'pending', ?) ON CONFLICT DO NOTHING`,
          args: [Number(s['id']), Number(e['id']), now],
        });
        queued += r.rowsAffected;
      }
    }
    await tx.raw.execute({
      sql: `UPDATE outbox_cursors SET last_id = ? WHERE consumer = ?`,
      args: [Number(events.at(-1)!['id']), CONSUMER],
    });
    return queued;
  });
}

export interface DeliverOptions {
  now: number;
  workerId?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
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
  const claimed = await database.write(async (tx) =>
    (
      await tx.raw.execute({
        sql: `UPDATE deliveries SET claimed_by = ?, claimed_until = ?
              WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ?
                             AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT 500)
              RETURNING id, subscription_id, outbox_id, attempts`,
        args: [worker, now + CLAIM_MS, now, now],
      })
    ).rows.map((r) => ({
      id: Number(r['id']),
      subscriptionId: Number(r['subscription_id']),
      outboxId: Number(r['outbox_id']),
      attempts: Number(r['attempts']),
    })),
  );
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
    const events = await loadEvents(
      database,
      group.map((d) => d.outboxId),
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
      const request = buildRequest(
        {
          kind: String(sub['kind']) as WebhookKind,
          url: String(sub['url']),
          secret: (sub['secret'] as string | null) ?? null,
          language: String(sub['language']) as Lang,
        },
        message.map((d) => events.get(d.outboxId)!),
        now,
      );
      let verdict: Verdict;
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
      await settle(database, subscriptionId, message, worker, now, verdict);
      if (verdict.outcome === 'delivered') sent++;
      else failed++;
    }
  }
  return { sent, failed };
}

/**
 * Records the outcome of one message: delivered, or another attempt after a backoff
 * (never sooner than the target asked), or dead at once when the target's answer says
 * no attempt can succeed. The subscription keeps the last refusal and since when it fails.
 */
async function settle(
  database: Database,
  subscriptionId: number,
  message: Array<{ id: number; attempts: number }>,
  worker: string,
  now: number,
  verdict: Verdict,
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
    for (const d of message) {
      if (verdict.outcome === 'delivered') {
        await tx.raw.execute({
          sql: `UPDATE deliveries SET status = 'delivered', delivered_at = ?, attempts = attempts + 1, claimed_by = NULL, claimed_until = NULL
                WHERE id = ? AND claimed_by = ?`,
          args: [now, d.id, worker],
        });
      } else {
        const attempts = d.attempts + 1;
        const dead = verdict.outcome === 'permanent' || attempts >= MAX_ATTEMPTS;
        const wait = Math.max(
          backoffMs(attempts),
          verdict.outcome === 'retry' ? (verdict.notBeforeMs ?? 0) : 0,
        );
        await tx.raw.execute({
          sql: `UPDATE deliveries SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?, claimed_by = NULL, claimed_until = NULL
                WHERE id = ? AND claimed_by = ?`,
          args: [
            dead ? 'dead' : 'pending',
            attempts,
            now + wait,
            verdict.error.slice(0, 500),
            d.id,
            worker,
          ],
        });
      }
    }
  });
}

async function loadEvents(database: Database, ids: number[]): Promise<Map<number, WebhookEvent>> {
  const rows = (
    await database.client.execute({
      sql: `SELECT id, topic, payload, created_at FROM outbox WHERE id IN (${ids.map(() => '?').join(', ')})`,
      args: ids,
    })
  ).rows;
  return new Map(
    rows.map((r) => [
      Number(r['id']),
      {
        id: Number(r['id']),
        topic: String(r['topic']),
        createdAt: Number(r['created_at']),
        payload: JSON.parse(String(r['payload'])),
      },
    ]),
  );
}
