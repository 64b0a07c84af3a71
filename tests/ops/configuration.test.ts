import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { request, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

/*
 * One configuration for the service and every operator command: an installation
 * folder with a `.env` naming a relative database, and no DATABASE_URL anywhere in
 * the environment (as under cron). Before, the commands opened data/inventory.db
 * while the service used the ledger the .env named, and `verify` printed "ok".
 */

const ROOT = resolve(import.meta.dirname, '../..');
const TOKEN = 'configuration-admin-token';
let dir: ReturnType<typeof tempDir>;
let install: string;
let server: ServerProcess;
const call = (method: string, path: string, body?: unknown) =>
  request(server.url, method, `/api/v1${path}`, TOKEN, body);

beforeAll(async () => {
  dir = tempDir();
  // An installation as an operator has one: the project's files, a .env, its data folder.
  install = join(dir.dir, 'inventory');
  mkdirSync(install);
  for (const name of ['package.json', 'node_modules', 'core', 'bot', 'addin', 'tsconfig.json'])
    symlinkSync(join(ROOT, name), join(install, name));
  writeFileSync(
    join(install, '.env'),
    `# the shop's settings\nDATABASE_URL=file:ledger/shop.db\nINVENTORY_BOOTSTRAP_TOKEN="${TOKEN}"\n`,
  );
  server = await startServerProcess({}, { cwd: install });
  await call('POST', '/locations', { code: 'S1', name: '门店一', kind: 'store' });
  await call('POST', '/items', { sku: 'A', name: 'A' });
  for (let i = 0; i < 3; i++)
    await call('POST', '/movements', { type: 'receipt', sku: 'A', quantity: 10, location: 'S1' });
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

const shopDb = () => `file:${join(install, 'ledger/shop.db')}`;

describe('one configuration for every command', () => {
  it('the service reads .env and says which database it uses, and where that came from', () => {
    expect(existsSync(join(install, 'ledger/shop.db'))).toBe(true);
    expect(server.output()).toContain(
      `database ${shopDb()} (DATABASE_URL from ${join(install, '.env')})`,
    );
  });

  it('verify, admin and backup use the database the service uses, and print it', async () => {
    const verify = await runCli('verify', [], {}, { cwd: install });
    expect(verify.code).toBe(0);
    expect(verify.out).toContain(
      `database ${shopDb()} (DATABASE_URL from ${join(install, '.env')})`,
    );
    expect(verify.out).toMatch(/3 movements, \d+ balances, 0 mismatches/);

    const users = await runCli('admin', ['list-users'], {}, { cwd: install });
    expect(users.out).toMatch(/admin\s+admin\s+active/);
    expect(users.out).toContain(`database ${shopDb()}`);

    const backup = await runCli('backup', [join(dir.dir, 'one.db')], {}, { cwd: install });
    expect(backup.code).toBe(0);
    expect(backup.out).toContain(`database ${shopDb()}`);
    expect(backup.out).toMatch(/3 movements/);
  });

  it('the environment wins over .env, and is named as the source', async () => {
    const other = `file:${join(dir.dir, 'other.db')}`;
    const res = await runCli('verify', [], { DATABASE_URL: other }, { cwd: install });
    expect(res.code).toBe(0);
    expect(res.out).toContain(`database ${other} (DATABASE_URL from the environment)`);
    expect(res.out).toMatch(/0 movements/);
  });

  it('a named ENV_FILE that does not exist is refused, not replaced by the default database', async () => {
    const res = await runCli('verify', [], { ENV_FILE: 'no-such.env' }, { cwd: install });
    expect(res.code).toBe(2);
    expect(res.out).toContain(
      `refused: ENV_FILE names ${join(install, 'no-such.env')}, which does not exist`,
    );
  });

  it('without DATABASE_URL anywhere, a command says it uses the default', async () => {
    const bare = join(dir.dir, 'bare');
    mkdirSync(bare);
    const res = await runCli('verify', [], {}, { cwd: bare });
    expect(res.out).toContain(
      `database file:${join(bare, 'data/inventory.db')} (the default; set DATABASE_URL to change it)`,
    );
  });
});

describe('the nightly backup line in docs/operations.md', () => {
  const cronLine = () => {
    const doc = readFileSync(join(ROOT, 'docs/operations.md'), 'utf8');
    const block = /```cron\n([\s\S]*?)```/.exec(doc)![1]!;
    const line = block
      .split('\n')
      .map((l) => l.trim())
      .find((l) => /^\S+ \S+ \S+ \S+ \S+ /.test(l))!;
    return line.split(' ').slice(5).join(' ');
  };

  /** What cron does: `sh -c` with a nearly empty environment (no DATABASE_URL, a short PATH). */
  const runAsCron = (command: string) =>
    new Promise<{ code: number | null }>((done) => {
      const env = {
        HOME: dir.dir,
        LOGNAME: 'cron',
        SHELL: '/bin/sh',
        PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
      };
      execFile('/bin/sh', ['-c', command.replaceAll('/srv/inventory', install)], { env }, (error) =>
        done({ code: error ? (error.code as number) : 0 }),
      );
    });

  it('backs up the ledger .env names, verified, and logs which one', async () => {
    const command = cronLine();
    expect(command).toContain('cd /srv/inventory');
    expect((await runAsCron(command)).code).toBe(0);
    const backups = readdirSync(join(install, 'backups')).filter((f) => f.endsWith('.db'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^inventory-\d{8}-\d{6}\.db$/);
    const log = readFileSync(join(install, 'backups/backup.log'), 'utf8');
    expect(log).toContain(`database ${shopDb()} (DATABASE_URL from ${join(install, '.env')})`);
    expect(log).toMatch(/3 movements, \d+ balances, 0 mismatches/);
  });

  it('keeps the newest --keep backups it made, and nothing else it finds is touched', async () => {
    const folder = join(dir.dir, 'rotation');
    mkdirSync(folder);
    writeFileSync(join(folder, 'before-upgrade.db'), 'a copy made by hand');
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await runCli('backup', ['--dir', folder, '--keep', '2'], {}, { cwd: install });
      expect(res.code).toBe(0);
      made.push(/backup written to (\S+):/.exec(res.out)![1]!);
      // Names carry the second; the next backup must not reuse one.
      await new Promise((r) => setTimeout(r, 1100));
    }
    expect(readdirSync(folder).sort()).toEqual(
      ['before-upgrade.db', ...made.slice(1).map((f) => f.slice(folder.length + 1))].sort(),
    );
  });

  it('removes nothing when the backup does not verify', async () => {
    const folder = join(dir.dir, 'rotation-bad');
    mkdirSync(folder);
    const ok = await runCli('backup', ['--dir', folder, '--keep', '1'], {}, { cwd: install });
    expect(ok.code).toBe(0);
    const { createClient } = await import('@libsql/client');
    const raw = createClient({ url: shopDb() });
    await raw.execute(
      "UPDATE balances SET on_hand = on_hand + 1 WHERE location_id = (SELECT id FROM locations WHERE code = 'S1')",
    );
    raw.close();
    await new Promise((r) => setTimeout(r, 1100));
    const bad = await runCli('backup', ['--dir', folder, '--keep', '1'], {}, { cwd: install });
    expect(bad.code).toBe(1);
    expect(readdirSync(folder)).toHaveLength(2);
  });

  it('refuses unclear arguments', async () => {
    for (const args of [
      [],
      ['a.db', '--dir', 'x'],
      ['--dir', 'x', '--keep', '0'],
      ['a.db', '--keep', '3'],
    ]) {
      expect((await runCli('backup', args, {}, { cwd: install })).code, args.join(' ')).toBe(2);
    }
  });
});
