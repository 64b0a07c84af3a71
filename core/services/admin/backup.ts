import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createClient, type Transaction } from '@libsql/client';
import { localFilePath, openDatabase, type Database } from '../../db/client.js';
import { ledgerEpoch, newEpoch } from '../ledger/epoch.js';
import { liveInstances } from './instances.js';
import { verifyLedger, type VerifyReport } from './verify-ledger.js';

export class OperationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OperationRefused';
  }
}

/**
 * Writes a consistent snapshot of the database to `file` with `VACUUM INTO`, which
 * reads inside one transaction: the service keeps taking writes meanwhile, and the
 * snapshot is exactly the ledger at one commit. The file is written under a
 * temporary name and renamed when complete, then verified.
 */
export async function backupDatabase(database: Database, file: string): Promise<VerifyReport> {
  if (!localFilePath(database.url)) {
    throw new OperationRefused(
      `backup writes a local file; ${database.url} is not a file database (use the server's own backups)`,
    );
  }
  const target = resolve(file);
  if (existsSync(target)) throw new OperationRefused(`${target} exists; choose a new file name`);
  mkdirSync(dirname(target), { recursive: true });
  const partial = join(dirname(target), `.${Date.now()}.partial.db`);
  try {
    await database.client.execute({ sql: 'VACUUM INTO ?', args: [partial] });
    renameSync(partial, target);
  } finally {
    rmSync(partial, { force: true });
  }
  return verifyFile(target);
}

/** What `backup --dir` names its files: UTC time, so that names sort as times do. */
const BACKUP_NAME = /^inventory-\d{8}-\d{6}\.db$/;

/** `<dir>/inventory-20261122-030000.db` for a backup taken at that UTC time. */
export function backupFileName(dir: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return join(dir, `inventory-${stamp}.db`);
}

/**
 * Removes the oldest backups in `dir` beyond the newest `keep`. Only files named as
 * `backupFileName` names them are counted or removed: anything else in the folder
 * (a copy someone made by hand, a partial file) is left alone.
 */
export function rotateBackups(dir: string, keep: number): string[] {
  const ours = readdirSync(dir)
    .filter((name) => BACKUP_NAME.test(name))
    .sort();
  const old = ours.slice(0, Math.max(0, ours.length - keep)).map((name) => join(dir, name));
  for (const file of old) rmSync(file);
  return old;
}

/** Verifies a backup file without changing it (on a temporary copy, migrated to this version). */
export async function verifyFile(file: string): Promise<VerifyReport> {
  const dir = mkdtempSync(join(tmpdir(), 'inventory-verify-'));
  try {
    const copy = join(dir, 'copy.db');
    copyFileSync(file, copy);
    const check = createClient({ url: `file:${copy}` });
    try {
      const integrity = await check.execute('PRAGMA integrity_check');
      if (integrity.rows[0]?.[0] !== 'ok')
        throw new OperationRefused(`${file} is damaged: ${String(integrity.rows[0]?.[0])}`);
    } catch (error) {
      if (error instanceof OperationRefused) throw error;
      throw new OperationRefused(`${file} is not a ledger database (${(error as Error).message})`);
    } finally {
      check.close();
    }
    const database = await openDatabase({ url: `file:${copy}` });
    try {
      return await verifyLedger(database.client);
    } finally {
      await database.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Not copied back: migration bookkeeping, sequences (copied separately) and live processes. */
const SKIPPED = new Set(['__drizzle_migrations', 'sqlite_sequence', 'instances']);

/**
 * Replaces the ledger in `database` with the one in `file`, in one write transaction:
 * other processes see either the old ledger or the restored one, never a mix. The
 * backup is checked first (integrity, invariants); restoring over a database that a
 * running service uses is refused unless `force` (the service keeps running and
 * sees the restored data from the next request on). The result is verified.
 *
 * The restored ledger gets a new epoch, in the same transaction as the audit row
 * that records the restore: its seqs start again from the backup's, so clients that
 * saw later seqs must know to read everything again (`GET /ledger/head`).
 */
export async function restoreDatabase(
  database: Database,
  file: string,
  options: { force?: boolean; now?: () => number } = {},
): Promise<{ backup: VerifyReport; restored: VerifyReport; epoch: string; previousEpoch: string }> {
  const now = options.now ?? Date.now;
  const source = resolve(file);
  if (!existsSync(source)) throw new OperationRefused(`${source} does not exist`);
  const backup = await verifyFile(source);
  if (!backup.ok)
    throw new OperationRefused(
      `${source} does not pass verify (${backup.mismatches.length} mismatches); not restoring it`,
    );

  const running = await liveInstances(database, now());
  if (running.length > 0 && !options.force) {
    const who = running.map((i) => `pid ${i.pid} on ${i.host}`).join(', ');
    throw new OperationRefused(
      `the database is in use by a running service (${who}); stop it first, or pass --force`,
    );
  }

  // Migrate a copy of the backup to this version, then copy its rows over.
  const dir = mkdtempSync(join(tmpdir(), 'inventory-restore-'));
  const previousEpoch = await ledgerEpoch(database.client);
  const epoch = newEpoch();
  try {
    const copy = join(dir, 'restore.db');
    copyFileSync(source, copy);
    await (await openDatabase({ url: `file:${copy}` })).close();
    await copyTables(database, copy, async (tx) => {
      const at = now();
      await tx.execute({
        sql: 'UPDATE main.ledger_meta SET epoch = ?, started_at = ? WHERE id = 1',
        args: [epoch, at],
      });
      await tx.execute({
        sql: `INSERT INTO main.audit_log (at, actor_id, action, entity, entity_id, before, after, request_id, client)
              VALUES (?, NULL, 'database.restore', 'database', 'ledger', ?, ?, 'restore', 'cli')`,
        args: [
          at,
          JSON.stringify({ epoch: previousEpoch }),
          JSON.stringify({ from: source, movements: backup.movements, epoch }),
        ],
      });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { backup, restored: await verifyLedger(database.client), epoch, previousEpoch };
}

/**
 * ATTACH cannot run inside a transaction, and the pooled client runs statements on
 * any connection; a client with one connection attaches and then copies in one
 * transaction on that same connection.
 */
async function copyTables(
  database: Database,
  copy: string,
  after: (tx: Transaction) => Promise<void>,
): Promise<void> {
  const single = createClient({
    url: database.url,
    concurrency: 1,
    timeout: 10_000,
    intMode: 'number',
  });
  try {
    await single.execute({ sql: 'ATTACH DATABASE ? AS src', args: [copy] });
    const tx = await single.transaction('write');
    try {
      await tx.execute('PRAGMA defer_foreign_keys = ON');
      // Foreign keys are checked at commit, so order only matters for the audit trigger:
      // restoring movements fires it, and audit_log, copied last, replaces those rows.
      const names = (
        await tx.execute(`SELECT name FROM main.sqlite_master WHERE type = 'table' ORDER BY name`)
      ).rows
        .map((r) => String(r[0]))
        .filter((name) => !SKIPPED.has(name) && !name.startsWith('sqlite_'));
      const tables = [...names.filter((n) => n !== 'audit_log'), 'audit_log'];
      for (const table of tables) await tx.execute(`DELETE FROM main.${table}`);
      for (const table of tables) {
        const columns = (
          await tx.execute(`SELECT name FROM pragma_table_info('${table}')`)
        ).rows.map((r) => `"${String(r[0])}"`);
        const list = columns.join(', ');
        if (table === 'audit_log') await tx.execute('DELETE FROM main.audit_log');
        await tx.execute(`INSERT INTO main.${table} (${list}) SELECT ${list} FROM src.${table}`);
      }
      await tx.execute(`DELETE FROM main.sqlite_sequence`);
      await tx.execute(`INSERT INTO main.sqlite_sequence SELECT * FROM src.sqlite_sequence`);
      await after(tx);
      await tx.commit();
    } finally {
      tx.close();
    }
    await single.execute('DETACH DATABASE src');
  } finally {
    single.close();
  }
}
