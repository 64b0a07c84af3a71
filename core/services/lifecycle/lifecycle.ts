import { sql } from 'drizzle-orm';
import { DOCUMENT_KINDS, type ActionOf, type DocumentKind } from '../../domain/documents.js';
import type { Tx } from '../../db/types.js';
import { invalidState, staleVersion } from '../errors.js';

/*
 * The lifecycle of every document, written once on its descriptor
 * (`DOCUMENT_KINDS`, core/domain/documents.ts): may this action start now, and the
 * compare-and-set that moves the document on. Who may act is the document's own
 * rule (its folder's `may…`); the approval engine decides approvals on top of this.
 */

/** What the lifecycle reads of any document. */
export interface DocumentState {
  id: number;
  status: string;
  version: number;
}

/**
 * Refuses an action the document's state machine does not allow from its status
 * (`invalid_state`), or one made on a version other than the current one
 * (`invalid_state`, `reason: 'stale_version'`).
 */
export function assertCan<K extends DocumentKind>(
  kind: K,
  doc: DocumentState,
  action: ActionOf<K>,
  version?: number | null,
): void {
  const { entity, machine } = DOCUMENT_KINDS[kind];
  if (!startsFrom(machine, action).includes(doc.status)) throw invalidState(entity, doc.status);
  if (version != null && version !== doc.version) throw staleVersion(entity, doc);
}

/**
 * Moves a document by compare-and-set from one of `from` to `to`, bumping its
 * version; with `version`, only if nobody changed it since. False: somebody did.
 */
export async function compareAndSet(
  tx: Tx,
  kind: DocumentKind,
  id: number,
  from: readonly string[],
  to: string,
  now: number,
  version?: number,
): Promise<boolean> {
  const table = sql.raw(DOCUMENT_KINDS[kind].table);
  const statuses = sql.join(
    from.map((s) => sql`${s}`),
    sql`, `,
  );
  const sameVersion = version === undefined ? sql`` : sql` AND version = ${version}`;
  const result = await tx.run(
    sql`UPDATE ${table} SET status = ${to}, version = version + 1, updated_at = ${now}
        WHERE id = ${id} AND status IN (${statuses})${sameVersion}`,
  );
  return result.rowsAffected === 1;
}

/**
 * Takes `action` on the document: from any state its machine starts the action from,
 * to `to` (one of the action's outcomes), on the version it was read at. Someone
 * else moving it first is `invalid_state` with the status it was read in.
 */
export async function transition<K extends DocumentKind>(
  tx: Tx,
  kind: K,
  d: DocumentState,
  action: ActionOf<K>,
  to: string,
  now: number,
  options: { sameVersion?: boolean } = {},
): Promise<void> {
  const { entity, machine } = DOCUMENT_KINDS[kind];
  const step = (machine as Machine)[action]!;
  if (!step.to.includes(to)) throw new Error(`${kind} ${action} cannot end in ${to}`);
  const version = options.sameVersion === false ? undefined : d.version;
  if (!(await compareAndSet(tx, kind, d.id, step.from, to, now, version)))
    throw invalidState(entity, d.status);
}

type Machine = Record<string, { from: readonly string[]; to: readonly string[] }>;

function startsFrom(machine: object, action: string): readonly string[] {
  return (machine as Machine)[action]!.from;
}
