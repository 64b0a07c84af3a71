import { existsSync, renameSync, rmSync } from 'node:fs';
import { openDatabase, localFilePath } from '../db/client.js';
import { databaseUrlFromEnv, type ServerConfig } from '../config/server-config.js';
import { buildDemoShop, type DemoSummary } from './build-demo.js';

/** Where the demo lives: never the shop's own database. */
export function demoDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return databaseUrlFromEnv({ DATABASE_URL: env['DEMO_DATABASE_URL'] || 'file:data/demo.db' });
}

/**
 * `npm run demo`: the service's configuration with the demo database in place of the
 * shop's. The demo is built on first use (or with `--reset`) under a temporary name and
 * renamed when complete, so an interrupted build never leaves half a shop behind.
 */
export async function prepareDemo(
  config: ServerConfig,
  options: { reset: boolean; now?: number },
): Promise<{ config: ServerConfig; built: DemoSummary | undefined }> {
  const url = demoDatabaseUrl();
  const file = localFilePath(url);
  if (!file) throw new Error(`DEMO_DATABASE_URL must be a file: URL (${url})`);
  const demo = { ...config, databaseUrl: url, bootstrapToken: undefined };
  if (existsSync(file) && !options.reset) return { config: demo, built: undefined };

  const building = `${file}.building`;
  const remove = (path: string) =>
    ['', '-wal', '-shm'].forEach((suffix) => rmSync(path + suffix, { force: true }));
  remove(building);
  const database = await openDatabase({ url: `file:${building}` });
  let built: DemoSummary;
  try {
    built = await buildDemoShop(database, options.now ?? Date.now());
    if (!built.verify.ok)
      throw new Error(
        `the demo shop does not verify: ${JSON.stringify(built.verify.mismatches.slice(0, 3))}`,
      );
    // Everything into the main file, so that renaming it moves the whole shop.
    await database.client.execute('PRAGMA wal_checkpoint(TRUNCATE)');
  } finally {
    await database.close();
  }
  remove(file);
  renameSync(building, file);
  remove(building);
  return { config: demo, built };
}
