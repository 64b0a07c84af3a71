import type { Database } from '../../db/client.js';
import {
  type Claimed,
  claimDue,
  type Outcome,
  type OutboxEvent,
  outboxEvents,
  settle,
  TEAMS_QUEUE,
} from '../deliveries/queue.js';

/**
 * The Teams side of the delivery queue (core/services/deliveries/queue.ts): what
 * `fanOutTeams` queued, claimed with the conversation it goes to. The bot
 * (bot/teams-worker.ts) only builds the cards, sends them and paces itself.
 */
export interface TeamsDue extends Claimed {
  conversationId: number;
  outboxId: number;
  kind: 'approval' | 'decision' | 'alert' | 'digest';
  documentType: string | null;
  documentId: number | null;
  /** The Bot Framework conversation reference, as stored when the chat was linked. */
  reference: Record<string, unknown> & { locale?: string };
}

export async function claimTeamsDue(
  database: Database,
  options: { worker: string; now: number; limit?: number },
): Promise<TeamsDue[]> {
  return database.write(async (tx) => {
    const claimed = await claimDue(tx, TEAMS_QUEUE, {
      worker: options.worker,
      now: options.now,
      limit: options.limit ?? 200,
      columns: ['conversation_id', 'outbox_id', 'kind', 'document_type', 'document_id'],
    });
    if (claimed.length === 0) return [];
    // SQLite's RETURNING cannot see other tables, so the references are read apart.
    const ids = [...new Set(claimed.map((d) => Number(d.row.conversation_id)))];
    const conversations = await tx.raw.execute({
      sql: `SELECT id, reference FROM teams_conversations WHERE id IN (${ids.map(() => '?').join(',')})`,
      args: ids,
    });
    const references = new Map(
      conversations.rows.map((r) => [Number(r['id']), JSON.parse(String(r['reference']))]),
    );
    return claimed.map(({ row, ...d }) => ({
      ...d,
      conversationId: Number(row.conversation_id),
      outboxId: Number(row.outbox_id),
      kind: String(row.kind) as TeamsDue['kind'],
      documentType: row.document_type === null ? null : String(row.document_type),
      documentId: row.document_id === null ? null : Number(row.document_id),
      reference: references.get(Number(row.conversation_id)) ?? {},
    }));
  });
}

/** Records what sending one message (one card, maybe a digest of several rows) came to. */
export async function settleTeams(
  database: Database,
  message: readonly Claimed[],
  worker: string,
  now: number,
  outcome: Outcome,
): Promise<void> {
  await database.write((tx) => settle(tx, TEAMS_QUEUE, message, worker, now, outcome));
}

/** The events a message shows, in order. */
export function teamsEvents(database: Database, ids: readonly number[]): Promise<OutboxEvent[]> {
  return outboxEvents(database, ids);
}

/** The approval card delivered earlier to this conversation for this document, to update in place. */
export async function sentApprovalActivity(
  database: Database,
  d: Pick<TeamsDue, 'conversationId' | 'documentType' | 'documentId'>,
): Promise<string | undefined> {
  const row = (
    await database.client.execute({
      sql: `SELECT activity_id FROM teams_deliveries WHERE kind = 'approval' AND conversation_id = ? AND document_type = ? AND document_id = ? AND activity_id IS NOT NULL ORDER BY id DESC LIMIT 1`,
      args: [d.conversationId, d.documentType, d.documentId],
    })
  ).rows[0];
  return row ? String(row[0]) : undefined;
}
