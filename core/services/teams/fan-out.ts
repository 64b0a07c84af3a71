import { eligibility } from '../../domain/approval.js';
import type { Actor, Role } from '../../domain/actor.js';
import type { Database } from '../../db/client.js';
import type { Tx } from '../../db/types.js';
import { loadApprovalDocument } from '../documents/approval-documents.js';
import { advanceCursor, readOutbox } from '../deliveries/queue.js';

const CONSUMER = 'teams';

/**
 * Turns new outbox events into Teams messages to send, once per conversation and
 * event (a unique index): approval requests to the personal chats of everyone who may
 * decide the step, decisions as updates of every copy of those cards, and alerts and
 * the weekly "what to order" to the group chats subscribed to their location, on the
 * delivery queue (core/services/deliveries/queue.ts): the read position moves in the
 * same transaction, so two processes queue nothing twice.
 */
export async function fanOutTeams(database: Database, now: number): Promise<number> {
  return database.write(async (tx) => {
    const events = await readOutbox(tx, CONSUMER, 200);
    let queued = 0;
    for (const e of events) {
      const { topic, payload } = e;
      const doc =
        e.documentType === null || e.documentId === null
          ? null
          : { type: e.documentType, id: e.documentId };
      let targets: Array<{ conversation: number; kind: string }> = [];
      if (topic === 'approval.requested' && doc)
        targets = (await approvers(tx, doc, payload)).map((c) => ({
          conversation: c,
          kind: 'approval',
        }));
      else if (topic === 'approval.decided' && doc) {
        const sent = await tx.raw.execute({
          sql: `SELECT DISTINCT conversation_id FROM teams_deliveries WHERE kind = 'approval' AND document_type = ? AND document_id = ?`,
          args: [doc.type, doc.id],
        });
        targets = sent.rows.map((r) => ({ conversation: Number(r[0]), kind: 'decision' }));
      } else if (topic === 'suggestions.weekly') {
        // The weekly "what to order" goes to the group chats subscribed to its location, whatever alert kinds they chose.
        const groups = await tx.raw.execute(
          `SELECT id, locations FROM teams_conversations WHERE subscribed = 1`,
        );
        targets = groups.rows
          .filter(
            (g) =>
              !g['locations'] ||
              (JSON.parse(String(g['locations'])) as string[]).includes(
                String(payload['location']),
              ),
          )
          .map((g) => ({ conversation: Number(g['id']), kind: 'digest' }));
      } else if (topic.startsWith('alert.')) {
        const groups = await tx.raw.execute(
          `SELECT id, locations, alert_kinds FROM teams_conversations WHERE subscribed = 1`,
        );
        const wants = (list: unknown, value: unknown) =>
          !list || (JSON.parse(String(list)) as string[]).includes(String(value));
        targets = groups.rows
          .filter(
            (g) =>
              wants(g['locations'], payload['location']) &&
              wants(g['alert_kinds'], payload['kind']),
          )
          .map((g) => ({ conversation: Number(g['id']), kind: 'alert' }));
      }
      for (const target of targets) {
        const r = await tx.raw.execute({
          sql: `INSERT INTO teams_deliveries (conversation_id, outbox_id, kind, document_type, document_id, status, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT DO NOTHING`,
          args: [target.conversation, e.id, target.kind, doc?.type ?? null, doc?.id ?? null, now],
        });
        queued += r.rowsAffected;
      }
    }
    await advanceCursor(tx, CONSUMER, events);
    return queued;
  });
}

/** Documents the bot has an approval card for (bot/document-card.ts); others are decided in the API and the inbox. */
const CARDS = new Set([
  'transfer',
  'purchase_order',
  'stocktake_variance',
  'credit_override',
  'transfer_loss',
]);

/** The personal chats of the users who may decide the step (and are not the requester). */
async function approvers(
  tx: Tx,
  doc: { type: string; id: number },
  payload: Record<string, unknown>,
): Promise<number[]> {
  if (!CARDS.has(doc.type)) return [];
  const loaded = await loadApprovalDocument(tx, doc.type, doc.id);
  const step = loaded.steps.find((s) => s.level === Number(payload['level']));
  if (!step) return [];
  const decidedBy = loaded.steps.flatMap((s) => (s.decidedBy === null ? [] : [s.decidedBy]));
  const rows = (
    await tx.raw.execute(`
    SELECT c.id, u.id AS user_id, u.name, u.role, (SELECT group_concat(location_id) FROM user_locations ul WHERE ul.user_id = u.id) AS scope
      FROM teams_conversations c JOIN users u ON u.id = c.user_id
     WHERE c.is_group = 0 AND u.active = 1`)
  ).rows;
  return rows
    .filter((r) => {
      const actor: Actor = {
        id: Number(r['user_id']),
        name: String(r['name']),
        role: String(r['role']) as Role,
        locationIds: r['scope'] ? String(r['scope']).split(',').map(Number) : null,
      };
      return (
        eligibility(actor, step, { requestedBy: loaded.subject.requestedBy, decidedBy }) === 'ok'
      );
    })
    .map((r) => Number(r['id']));
}
