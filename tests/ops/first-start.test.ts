import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { request, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

/*
 * `npm install && npm start` on a fresh database must give a way in: before, the admin
 * existed only if the first start had INVENTORY_BOOTSTRAP_TOKEN, and the README's first
 * request got 401.
 */

let dir: ReturnType<typeof tempDir> | undefined;
let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop();
  dir?.cleanup();
  server = undefined;
  dir = undefined;
});

/** The printed box arrives on stderr a moment after /healthz answers. */
async function printed(s: ServerProcess, pattern: RegExp): Promise<RegExpExecArray> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const m = pattern.exec(s.stderr());
    if (m) return m;
    if (Date.now() > deadline) throw new Error(`not printed: ${pattern}\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const bash = (script: string, env: Record<string, string>) =>
  new Promise<string>((resolve, reject) =>
    execFile(
      'bash',
      ['-c', script],
      { env: { PATH: process.env['PATH'] ?? '', ...env } },
      (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout)),
    ),
  );

describe('the first start', () => {
  it('creates the admin with a random token, prints it once with the next step, and never logs it', async () => {
    dir = tempDir();
    const env = { DATABASE_URL: `file:${join(dir.dir, 'fresh.db')}`, LANG: 'C.UTF-8' };
    server = await startServerProcess(env);
    const [, token] = await printed(server, /export TOKEN=(inv_[\w-]{43})\n/);
    const [, curl] = await printed(
      server,
      /\n +(curl -s \S+ -H "Authorization: Bearer \$TOKEN")\n/,
    );
    expect(server.stderr()).toContain('First start: created user "admin" (role admin)');
    expect(server.stderr()).toContain('npm run admin -- create-token admin');

    // The printed next step works as printed.
    expect(curl).toBe(`curl -s ${server.url}/api/v1/me -H "Authorization: Bearer $TOKEN"`);
    expect(JSON.parse(await bash(curl!, { TOKEN: token! }))).toMatchObject({
      name: 'admin',
      role: 'admin',
    });

    // The token is on the terminal, not in the JSON logs that get shipped elsewhere.
    const stdout = server.output().replace(server.stderr(), '');
    expect(stdout).toContain('printed once on stderr');
    expect(server.output().split(token!).length - 1).toBe(1);

    // Printed once: the next start on the same database says nothing, and the token still works.
    await server.stop();
    server = await startServerProcess(env);
    expect((await request(server.url, 'GET', '/api/v1/me', token!)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(server.stderr()).not.toContain('export TOKEN=');
  });

  it('two processes starting at once on an empty database make one admin, and one of them prints it', async () => {
    dir = tempDir();
    const env = { DATABASE_URL: `file:${join(dir.dir, 'race.db')}`, LANG: 'C.UTF-8' };
    const both = await Promise.all([startServerProcess(env), startServerProcess(env)]);
    server = both[0];
    try {
      // The banner is written before the server can answer a request; stderr follows soon after.
      await Promise.race(both.map((s) => printed(s, /export TOKEN=/)));
      await new Promise((r) => setTimeout(r, 300));
      const tokens = both.map((s) => /export TOKEN=(\S+)/.exec(s.stderr())?.[1]).filter(Boolean);
      expect(tokens).toHaveLength(1);
      const users = await request(both[1]!.url, 'GET', '/api/v1/users', tokens[0]!);
      expect(users.body.items.map((u: { name: string }) => u.name)).toEqual(['admin']);
    } finally {
      await both[1]!.stop();
    }
  });

  it('speaks the machine language, and names the public address for the add-in', async () => {
    dir = tempDir();
    server = await startServerProcess({
      DATABASE_URL: `file:${join(dir.dir, 'zh.db')}`,
      LANG: 'zh_CN.UTF-8',
      PUBLIC_URL: 'https://inventory.example.cn',
    });
    await printed(server, /首次启动：已创建用户 "admin"（管理员）/);
    await printed(
      server,
      /在 Excel 加载项中登录（见 docs\/excel.md）：地址 https:\/\/inventory.example.cn，/,
    );
  });

  it('with INVENTORY_BOOTSTRAP_TOKEN uses that token and prints none', async () => {
    dir = tempDir();
    server = await startServerProcess({
      DATABASE_URL: `file:${join(dir.dir, 'given.db')}`,
      INVENTORY_BOOTSTRAP_TOKEN: 'given-token-123',
    });
    expect((await request(server.url, 'GET', '/api/v1/me', 'given-token-123')).body).toMatchObject({
      name: 'admin',
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(server.stderr()).not.toContain('export TOKEN=');
  });
});
