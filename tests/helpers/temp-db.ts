import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../core/db/client.js';

export interface TempDatabase {
  database: Database;
  url: string;
  dir: string;
  cleanup(): Promise<void>;
}

/** A real libSQL file database in a fresh temp folder (never `:memory:`). */
export async function tempDatabase(): Promise<TempDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'inventory-test-'));
  const url = `file:${join(dir, 'inventory.db')}`;
  const database = await openDatabase({ url });
  return {
    database,
    url,
    dir,
    async cleanup() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function tempDir(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'inventory-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
