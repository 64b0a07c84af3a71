import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createClient, type Client } from '@libsql/client';
import { drizzle } from 'drizzle-orm/libsql';
import { migrate } from 'drizzle-orm/libsql/migrator';
import { DEFAULT_CURRENCY } from '../domain/settings.js';
import { defaultTimeZone } from '../domain/time.js';
import { isBusyError } from './errors.js';
import { installStatementCache } from './statement-cache.js';
import type { Db, Tx } from './types.js';
import { WriteQueue } from './write-queue.js';

const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');

export interface DatabaseOptions {
  url: string;
  /** How long one statement waits for a lock held by another process. */
  busyTimeoutMs?: number;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
}

/**
 * One process's handle on the ledger database: `db` for reads, `write()` for every
 * change. See `WriteQueue` for why writes are queued.
 */
export interface Database {
  readonly url: string;
  readonly client: Client;
  readonly db: Db;
  write<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Resolves once every queued write has committed. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens (and by default migrates) the database. File databases get their folder
 * created, WAL journaling (readers never wait for the writer) and SQLite's default
 * `synchronous=FULL`, which in WAL mode makes every commit durable.
 *
 * @example
 * const database = await openDatabase({ url: 'file:data/inventory.db' });
 * await database.write((tx) => tx.insert(items).values({ ... }));
 */
export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  const { url, busyTimeoutMs = 5000 } = options;
  const filePath = localFilePath(url);
  if (filePath) mkdirSync(dirname(filePath), { recursive: true });

  installStatementCache();
  const client = createClient({ url, timeout: busyTimeoutMs, intMode: 'number' });
  const db = drizzle(client);
  if (options.migrate !== false) {
    await migrateWithRetry(db);
    // The shop's settings row, once: its zone from `TZ` (else UTC). Later starts leave it be.
    // Defaults were never changed by anyone, so they carry no change time (`updated_at` null):
    // the same database built twice is the same, row for row.
    await retryBusy(() =>
      client.execute({
        sql: `INSERT OR IGNORE INTO shop_settings (id, time_zone, currency, sku_case_insensitive, version, updated_at)
              VALUES (1, ?, ?, 0, 1, NULL)`,
        args: [defaultTimeZone(process.env['TZ']), DEFAULT_CURRENCY],
      }),
    );
  }
  if (filePath) {
    // drizzle's migrate() leaves the journal mode at `delete`; WAL is persistent once set.
    await retryBusy(() => client.execute('PRAGMA journal_mode = WAL'));
  }

  const queue = new WriteQueue(client, { onBusy: async () => client.reconnect() });
  return {
    url,
    client,
    db,
    write: (fn) => queue.run(fn),
    drain: () => queue.idle(),
    async close() {
      await queue.idle();
      client.close();
    },
  };
}

/** The path of a `file:` URL, or undefined for remote databases. */
export function localFilePath(url: string): string | undefined {
  if (!url.startsWith('file:')) return undefined;
  const path = url.slice('file:'.length).split('?')[0]!;
  if (path === ':memory:' || path === '') return undefined;
  return path.startsWith('//') ? fileURLToPath(url.split('?')[0]!) : path;
}

/**
 * Two processes starting at once both try to migrate; the loser sees BUSY or a
 * half-applied view. Trying again after the winner finishes is enough: the migrator
 * skips what is already recorded.
 */
async function migrateWithRetry(db: Db): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
      return;
    } catch (error) {
      if (attempt >= 10) throw error;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}

async function retryBusy<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isBusyError(error) || attempt >= 10) throw error;
      await new Promise((r) => setTimeout(r, 50 * attempt));
    }
  }
}
