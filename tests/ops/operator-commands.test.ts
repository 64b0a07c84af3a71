import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { request, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

const TOKEN = 'operator-admin-token';
let dir: ReturnType<typeof tempDir>;
let env: Record<string, string>;
let server: ServerProcess;

const call = (method: string, path: string, body?: unknown, token = TOKEN) =>
  request(server.url, method, `/api/v1${path}`, token, body);

beforeAll(async () => {
  dir = tempDir();
  env = { DATABASE_URL: `file:${join(dir.dir, 'shop.db')}` };
  server = await startServerProcess({ ...env, INVENTORY_BOOTSTRAP_TOKEN: TOKEN });
  await call('POST', '/locations', { code: 'S1', name: 'Store', kind: 'store' });
  await call('POST', '/items', { sku: 'A', name: 'A' });
  await call('POST', '/movements', { type: 'receipt', sku: 'A', quantity: 100, location: 'S1' });
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

describe('npm run admin', () => {
  it('creates a user whose token works against the running service', async () => {
    const res = await runCli(
      'admin',
      ['create-user', 'wang', '--role', 'clerk', '--locations', 'S1'],
      env,
    );
    expect(res.code).toBe(0);
    const token = /token \(shown once\): (\S+)/.exec(res.out)![1]!;
    const me = await call('GET', '/me', undefined, token);
    expect(me.body).toMatchObject({ name: 'wang', role: 'clerk', locations: ['S1'] });

    const list = await runCli('admin', ['list-users'], env);
    expect(list.out).toMatch(/wang\s+clerk\s+active\s+S1/);
    expect(list.out).toMatch(/admin\s+admin/);
  });

  it('revokes a token with effect at once, in the running service too', async () => {
    const created = await runCli(
      'admin',
      ['create-token', 'wang', '--label', 'excel on till 2'],
      env,
    );
    expect(created.code).toBe(0);
    const token = /token \(shown once\): (\S+)/.exec(created.out)![1]!;
    const id = /created token (\d+)/.exec(created.out)![1]!;
    expect((await call('GET', '/me', undefined, token)).status).toBe(200);

    const revoked = await runCli('admin', ['revoke-token', id], env);
    expect(revoked.code).toBe(0);
    expect((await call('GET', '/me', undefined, token)).status).toBe(401);
    expect((await runCli('admin', ['revoke-token', id], env)).code).toBe(2);
    const tokens = await runCli('admin', ['list-tokens', 'wang'], env);
    expect(tokens.out).toMatch(/excel on till 2\s+created .* revoked/);
  });

  it('changes, deactivates and reactivates a user, with effect at once in the running service', async () => {
    const created = await runCli(
      'admin',
      ['create-user', 'zhou', '--role', 'clerk', '--locations', 'S1'],
      env,
    );
    const token = /token \(shown once\): (\S+)/.exec(created.out)![1]!;
    const changed = await runCli(
      'admin',
      ['change-user', 'zhou', '--role', 'manager', '--locations', 'all'],
      env,
    );
    expect(changed.code).toBe(0);
    expect((await call('GET', '/me', undefined, token)).body).toMatchObject({
      role: 'manager',
      locations: [],
    });

    expect((await runCli('admin', ['deactivate', 'zhou'], env)).code).toBe(0);
    expect((await call('GET', '/me', undefined, token)).status).toBe(401);
    expect((await runCli('admin', ['list-users'], env)).out).toMatch(/zhou\s+manager\s+inactive/);
    expect((await runCli('admin', ['reactivate', 'zhou'], env)).code).toBe(0);
    expect((await call('GET', '/me', undefined, token)).status).toBe(200);

    const id = (await call('GET', '/users')).body.items.find(
      (u: { name: string }) => u.name === 'zhou',
    ).id;
    const audit = (await call('GET', `/audit?entity=user:${id}`)).body.items;
    expect(
      audit
        .filter((a: { client: string }) => a.client === 'cli')
        .map((a: { action: string }) => a.action),
    ).toEqual(
      expect.arrayContaining(['user.create', 'user.update', 'user.deactivate', 'user.reactivate']),
    );
  });

  it('refuses to demote or deactivate the last active admin, saying why', async () => {
    for (const args of [
      ['deactivate', 'admin'],
      ['change-user', 'admin', '--role', 'viewer'],
    ]) {
      const res = await runCli('admin', args, env);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.out).toContain(
        'refused: admin is the last active admin: make another user admin first.',
      );
    }
    expect((await call('GET', '/me')).body.role).toBe('admin');
  });

  it('refuses bad commands with a usage line and exit 2', async () => {
    for (const args of [
      [],
      ['create-user', 'x'],
      ['create-user', 'x', '--role', 'king'],
      ['create-token', 'nobody'],
      ['change-user', 'wang'],
      ['change-user', 'wang', '--role', 'king'],
      ['deactivate', 'nobody'],
    ]) {
      const res = await runCli('admin', args, env);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.out).toMatch(/refused/);
    }
  });
});

describe('npm run verify, backup and restore', () => {
  it('verifies the live database', async () => {
    const res = await runCli('verify', [], env);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/1 movements, \d+ balances, 0 mismatches/);
  });

  it('backs up while the service keeps taking writes, and the snapshot verifies', async () => {
    const file = join(dir.dir, 'backup-1.db');
    let writing = true;
    const writes = (async () => {
      let n = 0;
      while (writing) {
        const res = await call('POST', '/movements', {
          type: 'issue',
          sku: 'A',
          quantity: 1,
          location: 'S1',
        });
        if (res.status === 201) n++;
        else break;
      }
      return n;
    })();
    const res = await runCli('backup', [file], env);
    writing = false;
    const sold = await writes;
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/backup written to .* 0 mismatches/);
    expect(sold).toBeGreaterThan(0);
    expect((await runCli('backup', [file], env)).code).toBe(2);
  });

  it('refuses to restore over a running service unless told to, then restores and verifies', async () => {
    const file = join(dir.dir, 'backup-2.db');
    // The test before may have sold everything while its backup ran.
    expect(
      (
        await call('POST', '/movements', {
          type: 'receipt',
          sku: 'A',
          quantity: 20,
          location: 'S1',
        })
      ).status,
    ).toBe(201);
    expect((await runCli('backup', [file], env)).code).toBe(0);
    const atBackup = (await call('GET', '/stock/S1/A')).body.onHand;
    expect(
      (await call('POST', '/movements', { type: 'issue', sku: 'A', quantity: 5, location: 'S1' }))
        .status,
    ).toBe(201);
    expect((await call('GET', '/stock/S1/A')).body.onHand).toBe(atBackup - 5);

    const head = (await call('GET', '/ledger/head')).body;
    expect(head.epoch).toMatch(/^[0-9a-f]{32}$/);
    expect((await call('GET', '/stock/S1/A')).body.epoch).toBe(head.epoch);

    const refused = await runCli('restore', [file], env);
    expect(refused.code).toBe(2);
    expect(refused.out).toMatch(/in use by a running service .*--force/);
    expect((await call('GET', '/ledger/head')).body.epoch).toBe(head.epoch);

    const forced = await runCli('restore', [file, '--force'], env);
    expect(forced.code).toBe(0);
    expect(forced.out).toMatch(/restored into .* 0 mismatches/);
    // The running service sees the restored ledger at once: nothing lives in its memory.
    expect((await call('GET', '/stock/S1/A')).body.onHand).toBe(atBackup);
    expect((await call('GET', '/me')).status).toBe(200);
    // A new epoch, so that clients that saw the seqs after the backup read everything again.
    const restored = (await call('GET', '/ledger/head')).body;
    expect(restored.seq).toBe(head.seq - 1);
    expect(restored.epoch).toMatch(/^[0-9a-f]{32}$/);
    expect(restored.epoch).not.toBe(head.epoch);
    for (const read of [
      call('GET', '/stock?sku=A'),
      call('GET', '/stock/S1/A'),
      call('POST', '/stock/query', { lines: [{ sku: 'A' }] }),
    ]) {
      expect((await read).body.epoch).toBe(restored.epoch);
    }
    const audit = (await call('GET', '/audit?entity=database:ledger')).body.items;
    expect(audit.at(-1)).toMatchObject({
      action: 'database.restore',
      client: 'cli',
      before: { epoch: head.epoch },
      after: { epoch: restored.epoch },
    });
    const log = forced.out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l));
    expect(log).toContainEqual(
      expect.objectContaining({
        level: 'info',
        event: 'database.restore',
        epoch: restored.epoch,
        previousEpoch: head.epoch,
      }),
    );
  });

  it('restores into a stopped service without --force, and refuses a file that is not a backup', async () => {
    const file = join(dir.dir, 'backup-3.db');
    expect((await runCli('backup', [file], env)).code).toBe(0);
    await server.stop();
    const res = await runCli('restore', [file], env);
    expect(res.code).toBe(0);
    const junk = join(dir.dir, 'junk.db');
    (await import('node:fs')).writeFileSync(junk, 'this is not a database');
    const bad = await runCli('restore', [junk], env);
    expect(bad.code).toBe(2);
    expect((await runCli('verify', [], env)).code).toBe(0);
    server = await startServerProcess(env);
    expect((await call('GET', '/stock/S1/A')).status).toBe(200);
  });

  it('makes verify exit non-zero and list the mismatch when the books are off', async () => {
    const { createClient } = await import('@libsql/client');
    const raw = createClient({ url: env['DATABASE_URL']! });
    await raw.execute(
      "UPDATE balances SET on_hand = on_hand + 1 WHERE location_id = (SELECT id FROM locations WHERE code = 'S1')",
    );
    raw.close();
    const res = await runCli('verify', [], env);
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/balance_equals_replay: A at S1: expected \d+, found \d+/);
    expect(res.out).toMatch(/MISMATCH/);
  });
});

describe('npm run admin -- link-code', () => {
  it('prints a one-time code for the Teams bot', async () => {
    const res = await runCli('admin', ['link-code', 'wang'], env);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/send the bot: link \d{6}/);
    expect((await runCli('admin', ['link-code', 'nobody'], env)).code).toBe(2);
  });
});
