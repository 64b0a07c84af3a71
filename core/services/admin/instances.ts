import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { eq, gt } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { instances } from '../../db/schema.js';

/** A heartbeat older than this means the process is gone (killed, crashed, stopped). */
export const HEARTBEAT_STALE_MS = 15_000;

export interface InstanceRecord {
  id: string;
  pid: number;
  host: string;
  startedAt: number;
  heartbeatAt: number;
}

/** Announces this process in the database and returns its heartbeat and sign-off. */
export async function registerInstance(database: Database, now = Date.now) {
  const id = randomUUID();
  const record = { id, pid: process.pid, host: hostname(), startedAt: now(), heartbeatAt: now() };
  await database.write((tx) => tx.insert(instances).values(record));
  return {
    id,
    beat: () =>
      database.write((tx) =>
        tx.update(instances).set({ heartbeatAt: now() }).where(eq(instances.id, id)),
      ),
    leave: () => database.write((tx) => tx.delete(instances).where(eq(instances.id, id))),
  };
}

/** Processes that have announced themselves within the last 15 seconds. */
export async function liveInstances(
  database: Database,
  now = Date.now(),
): Promise<InstanceRecord[]> {
  return database.db
    .select()
    .from(instances)
    .where(gt(instances.heartbeatAt, now - HEARTBEAT_STALE_MS));
}
