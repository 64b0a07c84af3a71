import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { request, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

/* `npm run demo` is `npm start -- --demo`: the real service, on a database of its own. */

const dir = tempDir();
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.stop();
  dir.cleanup();
});

async function printed(s: ServerProcess, text: string): Promise<void> {
  await expect.poll(() => s.stderr(), { timeout: 30_000 }).toContain(text);
}

describe('npm start -- --demo', () => {
  const env = {
    DEMO_DATABASE_URL: `file:${join(dir.dir, 'demo.db')}`,
    DATABASE_URL: `file:${join(dir.dir, 'shop.db')}`,
    LANG: 'C.UTF-8',
  };

  it('builds the demo shop on its own database, says whom to sign in as, and serves it', async () => {
    server = await startServerProcess(env, { args: ['--demo'], startTimeoutMs: 240_000 });
    await printed(server, 'verify ok');
    expect(server.stderr()).toMatch(/demo-wangfang\s+manager\s+王芳/);
    const inbox = await request(server.url, 'GET', '/api/v1/approvals?mine=true', 'demo-wangfang');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.length).toBeGreaterThanOrEqual(2);
    // The shop's own database is untouched, and no half-built file is left behind.
    expect(existsSync(join(dir.dir, 'shop.db'))).toBe(false);
    expect(readdirSync(dir.dir).filter((f) => f.includes('building'))).toEqual([]);
  }, 300_000);

  it('keeps the demo on the next start, and the printed curl works', async () => {
    await server!.stop();
    server = await startServerProcess(env, { args: ['--demo'] });
    await printed(server, 'built earlier');
    const curl = /curl -s "([^"]+)" -H "Authorization: Bearer (\S+)"/.exec(server.stderr())!;
    const res = await fetch(curl[1]!, { headers: { authorization: `Bearer ${curl[2]}` } });
    expect(res.status).toBe(200);
  });
});
